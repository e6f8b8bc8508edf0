using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Interop;

/// <summary>Contiguous bucket counts starting at bucket index <see cref="Offset"/>.</summary>
public sealed record ExponentialBuckets(int Offset, long[] Counts)
{
    public static readonly ExponentialBuckets Empty = new(0, []);
}

/// <summary>
/// An OTLP exponential histogram: bucket i holds values in (base^i, base^(i+1)] with base = 2^(2^−scale)
/// (negatives mirrored), plus a zero bucket. Its buckets are log-scaled like the sketch's, so the only
/// loss is placing each bucket's count at its geometric midpoint: relative error ≤ √base − 1 (0.27 % at
/// scale 8), plus the sketch's 1 %.
/// </summary>
public sealed record ExponentialHistogram(int Scale, long ZeroCount, ExponentialBuckets Positive, ExponentialBuckets Negative, double? Sum, double? Min, double? Max) : IBucketHistogram
{
    public const int MinScale = -10;
    public const int MaxScale = 20;

    public long Count => ZeroCount + Positive.Counts.Sum() + Negative.Counts.Sum();

    public string? Problem()
    {
        if (Scale is < MinScale or > MaxScale) return $"scale must be within [{MinScale}, {MaxScale}].";
        if (ZeroCount < 0 || Positive.Counts.Any(c => c < 0) || Negative.Counts.Any(c => c < 0)) return "Bucket counts must not be negative.";
        if (Sum is { } s && !double.IsFinite(s)) return "sum must be finite.";
        if (!Representable(Positive) || !Representable(Negative)) return "A bucket lies outside the range of double.";
        return null;
    }

    /// <summary>
    /// The increment between two cumulative points. Senders lower the scale as the range grows, so the
    /// earlier point is first brought to the current scale (bucket i becomes i >> shift); null when the
    /// scale rose or a bucket fell (a reset).
    /// </summary>
    public static ExponentialHistogram? Subtract(ExponentialHistogram current, ExponentialHistogram previous)
    {
        if (current.Scale > previous.Scale) return null;
        var shift = previous.Scale - current.Scale;
        var positive = SubtractBuckets(current.Positive, previous.Positive, shift);
        var negative = SubtractBuckets(current.Negative, previous.Negative, shift);
        var zero = current.ZeroCount - previous.ZeroCount;
        if (positive is null || negative is null || zero < 0) return null;
        return new(current.Scale, zero, positive, negative, current.Sum - previous.Sum, null, null);
    }

    public DDSketch ToSketch()
    {
        var sketch = new DDSketch();
        sketch.Add(0, ZeroCount);
        AddBuckets(sketch, Positive, 1);
        AddBuckets(sketch, Negative, -1);
        HistogramStats.Apply(sketch, Sum, Min, Max);
        return sketch;
    }

    private void AddBuckets(DDSketch sketch, ExponentialBuckets buckets, int sign)
    {
        for (var i = 0; i < buckets.Counts.Length; i++)
        {
            if (buckets.Counts[i] > 0) sketch.Add(sign * Midpoint(buckets.Offset + i), buckets.Counts[i]);
        }
    }

    // base^(i + ½) = 2^((i + ½)·2^−scale): the geometric midpoint of (base^i, base^(i+1)].
    private double Midpoint(long index) => Math.Pow(2, (index + 0.5) * Math.Pow(2, -Scale));

    private bool Representable(ExponentialBuckets buckets) =>
        buckets.Counts.Length == 0 || (double.IsFinite(Midpoint(buckets.Offset + (long)buckets.Counts.Length - 1)) && Midpoint(buckets.Offset) > 0);

    private static ExponentialBuckets? SubtractBuckets(ExponentialBuckets current, ExponentialBuckets previous, int shift)
    {
        var counts = (long[])current.Counts.Clone();
        for (var i = 0; i < previous.Counts.Length; i++)
        {
            if (previous.Counts[i] == 0) continue;
            var index = (previous.Offset + i) >> shift;
            var at = index - current.Offset;
            if (at < 0 || at >= counts.Length) return null;
            counts[at] -= previous.Counts[i];
            if (counts[at] < 0) return null;
        }

        return new(current.Offset, counts);
    }
}
