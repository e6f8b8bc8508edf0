using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics;

public sealed record SeriesPoint(DateTimeOffset T, double V);

/// <summary>
/// Accumulates the samples and rollups of many series (slots) into a plan's buckets, in flat arrays
/// indexed by (slot, bucket): one ordered scan over all series of a metric fills it row by row with no
/// object per row or per bucket. Sketches are allocated only for quantiles, per bucket that a second
/// rollup reached, and rollup sketches are merged from their stored bytes; a bucket holding a single
/// rollup (a step equal to the tier's period, as the 24 h chart's five minutes) keeps its bytes and is
/// answered from them.
/// </summary>
public sealed class BucketGrid
{
    private readonly Aggregation _aggregation;
    private readonly long _originMs;
    private readonly long _stepMs;
    private readonly int _buckets;
    private readonly long[] _count;
    private readonly double[] _sum;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly bool[] _touched;
    private readonly DDSketch?[]? _sketches;
    private readonly byte[]?[]? _single;
    private readonly List<double>?[]? _raw;

    public BucketGrid(SeriesQueryPlan plan, Aggregation aggregation, int slots)
    {
        _aggregation = aggregation;
        _stepMs = plan.StepMs;
        _originMs = plan.BucketOf(plan.FromMs);
        _buckets = checked((int)((plan.BucketOf(plan.ToMs - 1) - _originMs) / _stepMs + 1));
        var cells = checked(slots * _buckets);
        _count = new long[cells];
        _sum = new double[cells];
        _min = new double[cells];
        _max = new double[cells];
        _touched = new bool[cells];
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        if (aggregation.IsQuantile())
        {
            _sketches = new DDSketch?[cells];
            _single = new byte[]?[cells];
            _raw = new List<double>?[cells];
        }
    }

    public void AddRaw(int slot, long unixMs, double value)
    {
        var cell = Cell(slot, unixMs);
        if (cell < 0) return;
        _touched[cell] = true;
        _count[cell]++;
        _sum[cell] += value;
        if (value < _min[cell]) _min[cell] = value;
        if (value > _max[cell]) _max[cell] = value;
        if (_raw is not null) (_raw[cell] ??= []).Add(value);
    }

    /// <param name="sketch">The rollup's serialized sketch; read only for quantiles.</param>
    public void AddRollup(int slot, long unixMs, long count, double sum, double min, double max, ReadOnlySpan<byte> sketch)
    {
        var cell = Cell(slot, unixMs);
        if (cell < 0) return;
        _touched[cell] = true;
        if (count == 0) return;
        _count[cell] += count;
        _sum[cell] += sum;
        if (min < _min[cell]) _min[cell] = min;
        if (max > _max[cell]) _max[cell] = max;
        if (_sketches is null || sketch.IsEmpty) return;
        if (_sketches[cell] is { } merged)
        {
            merged.MergeSerialized(sketch);
        }
        else if (_single![cell] is { } first)
        {
            merged = _sketches[cell] = new DDSketch();
            merged.MergeSerialized(first);
            merged.MergeSerialized(sketch);
            _single[cell] = null;
        }
        else
        {
            _single[cell] = sketch.ToArray();
        }
    }

    /// <summary>Samples a slot received in all buckets.</summary>
    public long CountOf(int slot)
    {
        long total = 0;
        for (var b = 0; b < _buckets; b++) total += _count[slot * _buckets + b];
        return total;
    }

    /// <summary>The slot's buckets that received anything, with a finite aggregate, oldest first.</summary>
    public IReadOnlyList<SeriesPoint> Points(int slot)
    {
        var points = new List<SeriesPoint>();
        for (var b = 0; b < _buckets; b++)
        {
            var cell = slot * _buckets + b;
            if (!_touched[cell]) continue;
            DDSketch? sketch = null;
            List<double>? raw = null;
            if (_sketches is not null) (sketch, raw) = (_sketches[cell], _raw![cell]);
            var only = _single?[cell];
            if (only is not null && raw is not null) sketch = DDSketch.Deserialize(only);
            var value = only is not null && raw is null
                ? DDSketch.QuantileOf(only, _aggregation.QuantileLevel()!.Value)
                : BucketAccumulator.Result(_aggregation, _count[cell], _sum[cell], _min[cell], _max[cell], ref sketch, ref raw);
            if (double.IsFinite(value)) points.Add(new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(_originMs + b * _stepMs), value));
        }

        return points;
    }

    /// <returns>The cell, or −1 for a timestamp outside the plan (never read by a query that follows it).</returns>
    private int Cell(int slot, long unixMs)
    {
        var bucket = (UnixTime.FloorDiv(unixMs, _stepMs) * _stepMs - _originMs) / _stepMs;
        return bucket < 0 || bucket >= _buckets ? -1 : (int)(slot * _buckets + bucket);
    }
}
