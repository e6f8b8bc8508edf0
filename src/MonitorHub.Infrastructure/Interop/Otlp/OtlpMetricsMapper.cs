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
/// with its reason for the response's partial_success; the rest is stored.
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

    public InteropBatch Map(ExportMetricsServiceRequest request)
    {
        var batch = new InteropBatch();
        // Most points become one sample: sized once instead of grown (and copied) a dozen times.
        batch.Samples.EnsureCapacity((int)Math.Min(DataPoints(request), 1 << 16));
        var context = new PointContext(batch, _clock.GetUtcNow());
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            context.Resource = ResourcePairs(resourceMetrics.Resource);
            foreach (var scope in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics) MapMetric(metric, context);
            }
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
            case OtlpMetric.DataOneofCase.Gauge:
                foreach (var point in metric.Gauge.DataPoints) MapNumber(key, point, null, context);
                break;
            case OtlpMetric.DataOneofCase.Sum:
                var sum = metric.Sum;
                var cumulative = sum.IsMonotonic && sum.AggregationTemporality == AggregationTemporality.Cumulative;
                if (sum.IsMonotonic && sum.AggregationTemporality == AggregationTemporality.Unspecified)
                {
                    context.Batch.Reject($"'{metric.Name}': aggregation_temporality must be set.", points);
                    break;
                }

                foreach (var point in sum.DataPoints) MapNumber(key, point, cumulative ? _counters : null, context);
                break;
            case OtlpMetric.DataOneofCase.Histogram:
                if (Temporality(metric, metric.Histogram.AggregationTemporality, points, context) is not { } histogramCumulative) break;
                foreach (var point in metric.Histogram.DataPoints) MapHistogram(key, point, histogramCumulative, context);
                break;
            case OtlpMetric.DataOneofCase.ExponentialHistogram:
                if (Temporality(metric, metric.ExponentialHistogram.AggregationTemporality, points, context) is not { } exponentialCumulative) break;
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

    private static bool? Temporality(OtlpMetric metric, AggregationTemporality temporality, int points, PointContext context)
    {
        if (temporality != AggregationTemporality.Unspecified) return temporality == AggregationTemporality.Cumulative;
        context.Batch.Reject($"'{metric.Name}': aggregation_temporality must be set.", points);
        return null;
    }

    /// <summary>All data points of an export, for a partial_success that rejects every one of them.</summary>
    public static long DataPoints(ExportMetricsServiceRequest request)
    {
        long points = 0;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics) points += PointCount(metric);
            }
        }

        return points;
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
    }
}
