using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics;

/// <summary>A struct: a 100-series chart holds tens of thousands of them, which as objects were a quarter of its allocations.</summary>
public readonly record struct SeriesPoint(DateTimeOffset T, double V);

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
    // Only quantiles keep sketches and values, and of those only buckets reached twice need a sketch of
    // their own, or raw values: those two arrays are made when first needed.
    private DDSketch?[]? _sketches;
    // A bucket's single rollup sketch, kept length-prefixed in chunks of bytes, as (chunk + 1) << 32 | offset
    // (0: none): a 24 h 100-series p95 chart keeps 29 000 sketches, which as arrays of their own were
    // 29 000 objects, and as one array doubling in size twice their bytes, on the large-object heap.
    private const int ChunkBytes = 64 * 1024;
    private readonly long[]? _single;
    private readonly List<byte[]> _chunks = [];
    private int _chunkUsed;
    private List<double>?[]? _raw;

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
            _single = new long[cells];
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
        if (_single is not null) ((_raw ??= new List<double>?[_count.Length])[cell] ??= []).Add(value);
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
        if (_single is null || sketch.IsEmpty) return;
        if (_sketches?[cell] is { } merged)
        {
            merged.MergeSerialized(sketch);
        }
        else if (_single![cell] != 0)
        {
            merged = (_sketches ??= new DDSketch?[_count.Length])[cell] = new DDSketch();
            merged.MergeSerialized(Single(cell));
            merged.MergeSerialized(sketch);
            _single[cell] = 0;
        }
        else
        {
            _single[cell] = Keep(sketch);
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
        var first = slot * _buckets;
        var points = new List<SeriesPoint>(_touched.AsSpan(first, _buckets).Count(true));
        for (var b = 0; b < _buckets; b++)
        {
            var cell = first + b;
            if (!_touched[cell]) continue;
            var sketch = _sketches?[cell];
            var raw = _raw?[cell];
            var hasSingle = _single is not null && _single[cell] != 0;
            if (hasSingle && raw is not null) sketch = DDSketch.Deserialize(Single(cell));
            var value = hasSingle && raw is null
                ? DDSketch.QuantileOf(Single(cell), _aggregation.QuantileLevel()!.Value)
                : BucketAccumulator.Result(_aggregation, _count[cell], _sum[cell], _min[cell], _max[cell], ref sketch, ref raw);
            if (double.IsFinite(value)) points.Add(new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(_originMs + b * _stepMs), value));
        }

        return points;
    }

    private long Keep(ReadOnlySpan<byte> sketch)
    {
        var needed = sizeof(int) + sketch.Length;
        if (_chunks.Count == 0 || _chunkUsed + needed > _chunks[^1].Length)
        {
            _chunks.Add(new byte[Math.Max(ChunkBytes, needed)]);
            _chunkUsed = 0;
        }

        var chunk = _chunks[^1].AsSpan(_chunkUsed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(chunk, sketch.Length);
        sketch.CopyTo(chunk[sizeof(int)..]);
        var at = ((long)_chunks.Count << 32) | (uint)_chunkUsed;
        _chunkUsed += needed;
        return at;
    }

    private ReadOnlySpan<byte> Single(int cell)
    {
        var at = _single![cell];
        var chunk = _chunks[(int)(at >> 32) - 1].AsSpan((int)(uint)at);
        return chunk.Slice(sizeof(int), System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(chunk));
    }

    /// <returns>The cell, or −1 for a timestamp outside the plan (never read by a query that follows it).</returns>
    private int Cell(int slot, long unixMs)
    {
        var bucket = (UnixTime.FloorDiv(unixMs, _stepMs) * _stepMs - _originMs) / _stepMs;
        return bucket < 0 || bucket >= _buckets ? -1 : (int)(slot * _buckets + bucket);
    }
}
