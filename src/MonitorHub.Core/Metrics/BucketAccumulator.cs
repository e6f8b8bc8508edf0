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

    public double Result()
    {
        if (Count == 0) return aggregation is Aggregation.Count or Aggregation.Sum ? 0 : double.NaN;
        return aggregation switch
        {
            Aggregation.Mean => Sum / Count,
            Aggregation.Min => Min,
            Aggregation.Max => Max,
            Aggregation.Sum => Sum,
            Aggregation.Count => Count,
            _ => Quantile(aggregation.QuantileLevel()!.Value),
        };
    }

    private double Quantile(double q)
    {
        if (_sketch is null) return ExactQuantile.Of(_raw ?? [], q);
        if (_raw is not null)
        {
            foreach (var value in _raw) _sketch.Add(value);
            _raw = null;
        }

        return _sketch.Quantile(q);
    }
}
