using Google.Protobuf;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using ExponentialHistogram = MonitorHub.Core.Metrics.Interop.ExponentialHistogram;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Collector;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;
using OtlpMetric = MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics.Metric;
using OtlpResource = MonitorHub.Infrastructure.Interop.Otlp.Proto.Resource.Resource;

namespace MonitorHub.Infrastructure.Interop.Otlp;

/// <summary>
/// Maps an OTLP export to samples and sketches per the OpenTelemetry data model: Gauge → samples;
/// Sum delta → samples of the increment; monotonic cumulative Sum → increments against the last point
/// this server kept (the first point of a series only primes it; a new start time or a fall is a
/// reset); non-monotonic Sum → samples of the value (a gauge); Histogram and ExponentialHistogram →
/// their buckets merged into the minute's rollup sketch (cumulative ones as increments); Summary →
/// <c>name.count</c> and <c>name.sum</c> increments and <c>name{quantile=…}</c> gauges. Tags are the
/// point's attributes plus the allowlisted resource attributes. A point that cannot be taken is counted
/// with its reason for the response's partial_success; the rest is stored. Gauges and sums are read
/// straight from the export's bytes (OtlpMetricsMapper.Wire), the other kinds through the generated
/// classes; a malformed export throws before anything of it reaches the writer.
/// </summary>
public sealed partial class OtlpMetricsMapper
{
    private const ulong NoRecordedValue = (ulong)DataPointFlags.NoRecordedValueMask;

    private readonly HashSet<string> _resourceAttributes;
    private readonly CumulativeTracker<CounterValue> _counters;
    private readonly CumulativeTracker<CountSum> _summaries;
    private readonly CumulativeTracker<ExplicitHistogram> _histograms;
    private readonly CumulativeTracker<ExponentialHistogram> _exponential;
    private readonly TimeProvider _clock;

    public OtlpMetricsMapper(IOptions<MonitorHubOptions> options, TimeProvider clock)
    {
        _clock = clock;
        var otlp = options.Value.Otlp;
        _resourceAttributes = new HashSet<string>(otlp.EffectiveResourceAttributes, StringComparer.Ordinal);
        var capacity = otlp.MaxTrackedSeries;
        _counters = new(capacity, CounterValue.Subtract);
        _summaries = new(capacity, CountSum.Subtract);
        _histograms = new(capacity, ExplicitHistogram.Subtract);
        _exponential = new(capacity, ExponentialHistogram.Subtract);
    }

    /// <summary>Cumulative series whose last point is remembered (for tests of the bound).</summary>
    public int TrackedSeries => _counters.Count + _summaries.Count + _histograms.Count + _exponential.Count;

    /// <summary>Maps a parsed export (OTLP JSON arrives this way): encoded once and walked like a binary one.</summary>
    public InteropBatch Map(ExportMetricsServiceRequest request) => Map(request.ToByteArray(), out _);

    /// <summary>Maps an export in protobuf's binary encoding.</summary>
    /// <param name="points">All data points of the export, for a partial_success that rejects every one of them.</param>
    /// <exception cref="FormatException">The bytes are not an ExportMetricsServiceRequest.</exception>
    /// <exception cref="InvalidProtocolBufferException">A part parsed by the generated classes is malformed.</exception>
    public InteropBatch Map(ReadOnlySpan<byte> export, out long points)
    {
        var batch = new InteropBatch();
        // Most points become one sample: the list is sized once, exactly, instead of grown by doubling into
        // an array past the large-object threshold (10,000 points fit under it, 16,384 do not).
        batch.Samples.EnsureCapacity((int)Math.Min(CountPoints(export), 1 << 16));
        var context = new PointContext(batch, _clock.GetUtcNow());
        points = 0;
        var reader = new OtlpWireReader(export);
        while (reader.Next(out var field, out var type))
        {
            // ExportMetricsServiceRequest: 1 = resource_metrics.
            if (field == 1 && type == WireType.LengthDelimited) points += MapResourceMetrics(reader.LengthDelimited(), context);
            else reader.Skip(field, type);
        }

        return batch;
    }

    private List<KeyValuePair<string, string>> ResourcePairs(OtlpResource? resource)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (resource is null) return pairs;
        foreach (var attribute in resource.Attributes)
        {
            if (_resourceAttributes.Contains(attribute.Key)) pairs.Add(new(attribute.Key, OtlpAttributes.Text(attribute.Value)));
        }

        return pairs;
    }

    /// <summary>Histogram, exponential histogram and summary metrics, parsed by the generated classes
    /// (their points are few and carry arrays); gauges and sums never come here (see MapNumbers).</summary>
    private void MapMetric(OtlpMetric metric, PointContext context)
    {
        var points = PointCount(metric);
        if (!InteropNames.TryMetricKey(metric.Name, "", out var key, out var reason))
        {
            context.Batch.Reject(reason!, points);
            return;
        }

        switch (metric.DataCase)
        {
            case OtlpMetric.DataOneofCase.Histogram:
                if (Temporality(metric.Name, metric.Histogram.AggregationTemporality, points, context) is not { } histogramCumulative) break;
                foreach (var point in metric.Histogram.DataPoints) MapHistogram(key, point, histogramCumulative, context);
                break;
            case OtlpMetric.DataOneofCase.ExponentialHistogram:
                if (Temporality(metric.Name, metric.ExponentialHistogram.AggregationTemporality, points, context) is not { } exponentialCumulative) break;
                foreach (var point in metric.ExponentialHistogram.DataPoints) MapExponential(key, point, exponentialCumulative, context);
                break;
            case OtlpMetric.DataOneofCase.Summary:
                // The count and sum keys are the metric's, mapped once here rather than per point.
                var totals = InteropNames.TryMetricKey(metric.Name, ".count", out var countKey, out var totalsReason)
                    && InteropNames.TryMetricKey(metric.Name, ".sum", out var sumKey, out totalsReason)
                        ? (countKey, sumKey) : ((string, string)?)null;
                foreach (var point in metric.Summary.DataPoints) MapSummary(key, totals, totalsReason, point, context);
                break;
            default:
                context.Batch.Reject($"'{metric.Name}' has no data (gauge, sum, histogram, exponential_histogram or summary).", Math.Max(1, points));
                break;
        }
    }

    private static bool? Temporality(string name, AggregationTemporality temporality, long points, PointContext context)
    {
        if (temporality != AggregationTemporality.Unspecified) return temporality == AggregationTemporality.Cumulative;
        context.Batch.Reject($"'{name}': aggregation_temporality must be set.", points);
        return null;
    }

    private static int PointCount(OtlpMetric metric) => metric.DataCase switch
    {
        OtlpMetric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        OtlpMetric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        OtlpMetric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        OtlpMetric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        OtlpMetric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };

    /// <summary>What every point of one export shares: where results go, the resource's tags, the time.</summary>
    private sealed class PointContext(InteropBatch batch, DateTimeOffset now)
    {
        public InteropBatch Batch { get; } = batch;
        public DateTimeOffset Now { get; } = now;
        private List<KeyValuePair<string, string>> _resource = [];

        /// <summary>The allowlisted resource attributes; a new resource starts a new tag cache.</summary>
        public List<KeyValuePair<string, string>> Resource
        {
            get => _resource;
            set
            {
                _resource = value;
                Tags.Clear();
            }
        }

        public OtlpTagCache Tags { get; } = new();

        /// <summary>Where a number point's attributes lie in its bytes (reused from point to point).</summary>
        public List<(int Start, int Length)> Attributes { get; } = [];
    }
}
