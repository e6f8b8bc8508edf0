using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics;

public sealed record SeriesPoint(DateTimeOffset T, double V);

/// <summary>Accumulates one series' samples and rollups into the plan's buckets.</summary>
public sealed class SeriesBuckets(SeriesQueryPlan plan, Aggregation aggregation)
{
    private readonly SortedDictionary<long, BucketAccumulator> _buckets = [];

    public void AddRaw(long unixMs, double value) => Bucket(unixMs).AddValue(value);

    public void AddRollup(long unixMinute, long count, double sum, double min, double max, Func<DDSketch>? sketch) =>
        Bucket(unixMinute * 60_000).AddRollup(count, sum, min, max, sketch);

    public IReadOnlyList<SeriesPoint> Points()
    {
        var points = new List<SeriesPoint>(_buckets.Count);
        foreach (var (start, bucket) in _buckets)
        {
            var value = bucket.Result();
            if (double.IsFinite(value))
            {
                points.Add(new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(start), value));
            }
        }

        return points;
    }

    private BucketAccumulator Bucket(long unixMs)
    {
        var start = plan.BucketOf(unixMs);
        if (!_buckets.TryGetValue(start, out var bucket))
        {
            bucket = new BucketAccumulator(aggregation);
            _buckets.Add(start, bucket);
        }

        return bucket;
    }
}
