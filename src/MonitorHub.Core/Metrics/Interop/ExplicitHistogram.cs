using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Interop;

/// <summary>
/// A histogram with explicit bucket bounds (OTLP Histogram, Prometheus <c>_bucket{le=…}</c>): bucket i
/// counts values in (Bounds[i−1], Bounds[i]], the first from −∞, the last to +∞.
/// </summary>
public sealed record ExplicitHistogram(double[] Bounds, long[] Counts, double? Sum, double? Min, double? Max) : IBucketHistogram
{
    public long Count => Counts.Sum();

    /// <summary>Null when the shape is unusable: counts not one more than bounds, bounds not finite and increasing, negative counts.</summary>
    public string? Problem()
    {
        if (Counts.Length != Bounds.Length + 1) return "bucket_counts must have one entry more than explicit_bounds.";
        for (var i = 0; i < Bounds.Length; i++)
        {
            if (!double.IsFinite(Bounds[i]) || (i > 0 && Bounds[i] <= Bounds[i - 1])) return "explicit_bounds must be finite and increasing.";
        }

        if (Counts.Any(c => c < 0)) return "Bucket counts must not be negative.";
        if (Sum is { } s && !double.IsFinite(s)) return "sum must be finite.";
        return null;
    }

    /// <summary>The increment between two cumulative points; null when the layout changed or a bucket fell (a reset).
    /// Min and max are not known for the interval and are dropped.</summary>
    public static ExplicitHistogram? Subtract(ExplicitHistogram current, ExplicitHistogram previous)
    {
        if (!current.Bounds.AsSpan().SequenceEqual(previous.Bounds)) return null;
        var counts = new long[current.Counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = current.Counts[i] - previous.Counts[i];
            if (counts[i] < 0) return null;
        }

        return new(current.Bounds, counts, current.Sum - previous.Sum, null, null);
    }

    /// <summary>
    /// The distribution as a sketch. Each bucket's count is placed at one representative value inside
    /// it — the geometric midpoint of a positive bucket, the arithmetic one otherwise, the known min or
    /// max for the open-ended end buckets — so a quantile is only as exact as the bucket holding it
    /// (at worst the bucket's width, plus the sketch's 1 %). Count is exact; sum, min and max are the
    /// histogram's own when it sends them. OTLP histograms and scraped Prometheus histograms both come
    /// through here, so one instrument gives the same quantiles whichever way it arrives.
    /// </summary>
    /// <remarks>
    /// Why the geometric midpoint rather than the arithmetic one Prometheus's <c>histogram_quantile</c>
    /// interpolates with: latency buckets are laid out roughly geometrically (0.005, 0.01, 0.025, … 10 s),
    /// and the sketch promises a <em>relative</em> error. For a bucket (a, b] the geometric midpoint √(ab)
    /// is never further than √(b/a) − 1 from any value in it, relatively; the arithmetic midpoint can be
    /// (b − a) / 2a away (a value at a) — for (0.1, 1] that is 450 % against 216 %. The open first bucket
    /// has no lower bound, so without a known min its upper bound is used: a quantile landing there is
    /// never reported lower than it could be. The +Inf bucket likewise sits at the highest finite bound
    /// (as in Prometheus) unless the max is known.
    /// </remarks>
    public DDSketch ToSketch()
    {
        var sketch = new DDSketch();
        for (var i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] > 0) sketch.Add(Representative(i), Counts[i]);
        }

        HistogramStats.Apply(sketch, Sum, Min, Max);
        return sketch;
    }

    private double Representative(int bucket)
    {
        double value;
        if (Bounds.Length == 0) value = Sum is { } s && Count > 0 ? s / Count : 0;
        else if (bucket == 0) value = Min is { } min && min <= Bounds[0] ? Midpoint(min, Bounds[0]) : Bounds[0];
        else if (bucket == Bounds.Length) value = Max is { } max && max > Bounds[^1] ? Midpoint(Bounds[^1], max) : Bounds[^1];
        else value = Midpoint(Bounds[bucket - 1], Bounds[bucket]);
        if (Min is { } low && value < low) value = low;
        if (Max is { } high && value > high) value = high;
        return value;
    }

    private static double Midpoint(double low, double high) => low > 0 ? Math.Sqrt(low * high) : low + (high - low) / 2;
}

/// <summary>Puts a histogram's exact statistics on a sketch built from representative values.</summary>
internal static class HistogramStats
{
    public static void Apply(DDSketch sketch, double? sum, double? min, double? max)
    {
        if (sketch.IsEmpty) return;
        var low = min is { } m && double.IsFinite(m) && m <= sketch.Min ? m : sketch.Min;
        var high = max is { } x && double.IsFinite(x) && x >= sketch.Max ? x : sketch.Max;
        sketch.RestoreStats(sketch.Count, sketch.ZeroCount, sum is { } s && double.IsFinite(s) ? s : sketch.Sum, low, high);
    }
}
