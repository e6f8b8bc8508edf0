using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics;

/// <summary>
/// Collects one time bucket of a series, from raw values, from minute rollups, or both (a bucket
/// that starts or ends mid-minute takes its ragged edge from raw samples). Quantiles are exact when
/// every value came raw and sketch estimates as soon as a rollup contributed.
/// </summary>
public sealed class BucketAccumulator(Aggregation aggregation)
{
    private List<double>? _raw;
    private DDSketch? _sketch;

    public long Count { get; private set; }
    public double Sum { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;

    public void AddValue(double value)
    {
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
        if (aggregation.IsQuantile())
        {
            (_raw ??= []).Add(value);
        }
    }

    public void AddRollup(long count, double sum, double min, double max, Func<DDSketch>? sketch)
    {
        if (count == 0) return;
        Count += count;
        Sum += sum;
        if (min < Min) Min = min;
        if (max > Max) Max = max;
        if (aggregation.IsQuantile() && sketch is not null)
        {
            var s = sketch();
            if (_sketch is null) _sketch = s;
            else _sketch.Merge(s);
        }
    }

    public double Result() => Result(aggregation, Count, Sum, Min, Max, ref _sketch, ref _raw);

    /// <summary>The aggregate of one bucket's totals; shared with <see cref="BucketGrid"/>. A quantile is
    /// exact over raw values alone and a sketch estimate once a rollup contributed (the raw values are
    /// then folded into the sketch).</summary>
    internal static double Result(Aggregation aggregation, long count, double sum, double min, double max, ref DDSketch? sketch, ref List<double>? raw)
    {
        if (count == 0) return aggregation is Aggregation.Count or Aggregation.Sum ? 0 : double.NaN;
        switch (aggregation)
        {
            case Aggregation.Mean: return sum / count;
            case Aggregation.Min: return min;
            case Aggregation.Max: return max;
            case Aggregation.Sum: return sum;
            case Aggregation.Count: return count;
        }

        var q = aggregation.QuantileLevel()!.Value;
        if (sketch is null) return ExactQuantile.Of(raw ?? [], q);
        if (raw is not null)
        {
            foreach (var value in raw) sketch.Add(value);
            raw = null;
        }

        return sketch.Quantile(q);
    }
}
