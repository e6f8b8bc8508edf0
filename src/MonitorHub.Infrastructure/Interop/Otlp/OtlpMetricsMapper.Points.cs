using System.Globalization;
using Google.Protobuf.Collections;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using ExponentialHistogram = MonitorHub.Core.Metrics.Interop.ExponentialHistogram;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;

namespace MonitorHub.Infrastructure.Interop.Otlp;

// One method per data-point type; each either adds what the point means or rejects it with a reason.
public sealed partial class OtlpMetricsMapper
{
    // DateTimeOffset.MaxValue in Unix milliseconds: later times cannot be represented (and are rejected).
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private void MapHistogram(string key, HistogramDataPoint point, bool cumulative, PointContext context)
    {
        if (!TryCommon(key, point.Attributes, point.TimeUnixNano, point.Flags, context, out var tags, out var timestamp)) return;
        if (!TryCounts(point.BucketCounts, out var counts) || point.Count > long.MaxValue)
        {
            context.Batch.Reject($"'{key}': a bucket count is out of range.");
            return;
        }

        // Without buckets a histogram still carries count and sum: one bucket holding everything.
        var bounds = counts.Length == 0 ? [] : point.ExplicitBounds.ToArray();
        if (counts.Length == 0) counts = [(long)point.Count];
        var histogram = new ExplicitHistogram(bounds, counts, point.HasSum ? point.Sum : null, point.HasMin ? point.Min : null, point.HasMax ? point.Max : null);
        var countProblem = histogram.Count != (long)point.Count ? "count must equal the sum of bucket_counts." : null;
        AddHistogram(key, histogram, countProblem, point.StartTimeUnixNano, cumulative ? _histograms : null, timestamp, tags, context);
    }

    private void MapExponential(string key, ExponentialHistogramDataPoint point, bool cumulative, PointContext context)
    {
        if (!TryCommon(key, point.Attributes, point.TimeUnixNano, point.Flags, context, out var tags, out var timestamp)) return;
        if (!TryBuckets(point.Positive, out var positive) || !TryBuckets(point.Negative, out var negative) || point.ZeroCount > long.MaxValue)
        {
            context.Batch.Reject($"'{key}': a bucket count is out of range.");
            return;
        }

        var histogram = new ExponentialHistogram(point.Scale, (long)point.ZeroCount, positive, negative,
            point.HasSum ? point.Sum : null, point.HasMin ? point.Min : null, point.HasMax ? point.Max : null);
        var countProblem = (ulong)histogram.Count != point.Count ? "count must equal zero_count plus the bucket counts." : null;
        AddHistogram(key, histogram, countProblem, point.StartTimeUnixNano, cumulative ? _exponential : null, timestamp, tags, context);
    }

    /// <summary>
    /// What both histogram kinds do once built: reject an unusable shape (or a count that disagrees with
    /// the buckets), else store a delta's sketch as is and a cumulative one's increment since the last point.
    /// </summary>
    private static void AddHistogram<T>(string key, T histogram, string? countProblem, ulong start, CumulativeTracker<T>? tracker,
        DateTimeOffset timestamp, TagSet tags, PointContext context) where T : class, IBucketHistogram
    {
        if ((histogram.Problem() ?? countProblem) is { } problem)
        {
            context.Batch.Reject($"'{key}': {problem}");
            return;
        }

        if (tracker is null)
        {
            AddSketch(key, histogram.ToSketch(), timestamp, tags, context);
            return;
        }

        var change = tracker.Observe(SeriesKey(key, tags), start, histogram);
        context.Batch.AfterCommit.Add(() => tracker.Commit(change));
        if (change.Increment is { } increment) AddSketch(key, increment.ToSketch(), timestamp, tags, context);
    }

    private void MapSummary(string key, (string Count, string Sum)? totals, string? totalsReason, SummaryDataPoint point, PointContext context)
    {
        if (!TryCommon(key, point.Attributes, point.TimeUnixNano, point.Flags, context, out var tags, out var timestamp)) return;
        foreach (var quantile in point.QuantileValues)
        {
            if (quantile.Quantile is < 0 or > 1 || double.IsNaN(quantile.Quantile) || !double.IsFinite(quantile.Value))
            {
                context.Batch.Reject($"'{key}': quantiles must be within [0, 1] and their values finite.");
                continue;
            }

            var pairs = new List<KeyValuePair<string, string>>(tags.Pairs) { new("quantile", quantile.Quantile.ToString("R", CultureInfo.InvariantCulture)) };
            if (InteropNames.TryTags(pairs, out var reason) is { } quantileTags) context.Batch.Samples.Add(new MetricSample(key, quantile.Value, timestamp, quantileTags));
            else context.Batch.Reject($"'{key}': {reason}");
        }

        if (!double.IsFinite(point.Sum))
        {
            context.Batch.Reject($"'{key}': sum must be finite.");
            return;
        }

        if (totals is not var (countKey, sumKey))
        {
            context.Batch.Reject(totalsReason!);
            return;
        }

        // A summary's count and sum are cumulative by definition (like Prometheus's): stored as increments.
        var change = _summaries.Observe(SeriesKey(key, tags), point.StartTimeUnixNano, new CountSum(point.Count, point.Sum));
        context.Batch.AfterCommit.Add(() => _summaries.Commit(change));
        if (change.Increment is not { } increment) return;
        context.Batch.Samples.Add(new MetricSample(countKey, increment.Count, timestamp, tags));
        context.Batch.Samples.Add(new MetricSample(sumKey, increment.Sum, timestamp, tags));
    }

    private static bool TryCommon(string key, RepeatedField<KeyValue> attributes, ulong timeUnixNano, uint flags, PointContext context, out TagSet tags, out DateTimeOffset timestamp)
    {
        tags = TagSet.Empty;
        if (!TryTime(key, timeUnixNano, flags, context, out timestamp)) return false;
        context.Tags.Begin();
        foreach (var attribute in attributes) context.Tags.Append(attribute);
        if (context.Tags.Find() is { } known)
        {
            tags = known;
            return true;
        }

        var pairs = new List<KeyValuePair<string, string>>(context.Resource.Count + attributes.Count);
        pairs.AddRange(context.Resource);
        OtlpAttributes.AddTo(pairs, attributes);
        return TryBuildTags(key, pairs, context, out tags);
    }

    /// <summary>The point's time (now when it has none) if it is one we store; false (rejected, or a
    /// "no recorded value" point that is simply skipped) otherwise.</summary>
    private static bool TryTime(string key, ulong timeUnixNano, uint flags, PointContext context, out DateTimeOffset timestamp)
    {
        timestamp = context.Now;
        // A point flagged "no recorded value" marks a series that went away: nothing to store, nothing wrong.
        if ((flags & NoRecordedValue) != 0) return false;
        if (timeUnixNano != 0)
        {
            var milliseconds = timeUnixNano / 1_000_000;
            if (milliseconds > MaxUnixMilliseconds)
            {
                context.Batch.Reject($"'{key}': time_unix_nano is out of range.");
                return false;
            }

            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
        }

        if (IngestionLimits.TimestampProblem(timestamp, context.Now) is { } problem)
        {
            context.Batch.Reject($"'{key}': time_unix_nano: {problem}");
            return false;
        }

        return true;
    }

    /// <summary>Builds the tag set of resource plus point attributes and remembers it under the key the
    /// cache was just asked for; false (rejected) when past the tag limits.</summary>
    private static bool TryBuildTags(string key, List<KeyValuePair<string, string>> pairs, PointContext context, out TagSet tags)
    {
        tags = TagSet.Empty;
        if (InteropNames.TryTags(pairs, out var reason) is not { } built)
        {
            context.Batch.Reject($"'{key}': {reason}");
            return false;
        }

        context.Tags.Add(built);
        tags = built;
        return true;
    }

    private static void AddSketch(string key, Core.Sketches.DDSketch sketch, DateTimeOffset timestamp, TagSet tags, PointContext context)
    {
        if (!sketch.IsEmpty) context.Batch.Sketches.Add(new SketchSample(key, sketch, timestamp, tags));
    }

    private static string SeriesKey(string key, TagSet tags) => key + "\u0001" + tags.Key;

    private static bool TryCounts(RepeatedField<ulong> source, out long[] counts)
    {
        counts = new long[source.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            if (source[i] > long.MaxValue) return false;
            counts[i] = (long)source[i];
        }

        return true;
    }

    private static bool TryBuckets(ExponentialHistogramDataPoint.Types.Buckets? buckets, out ExponentialBuckets result)
    {
        result = ExponentialBuckets.Empty;
        if (buckets is null) return true;
        if (!TryCounts(buckets.BucketCounts, out var counts)) return false;
        result = new ExponentialBuckets(buckets.Offset, counts);
        return true;
    }
}
