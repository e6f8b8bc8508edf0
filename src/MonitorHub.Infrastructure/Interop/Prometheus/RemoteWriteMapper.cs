using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure.Interop.Prometheus.Proto;

namespace MonitorHub.Infrastructure.Interop.Prometheus;

/// <summary>A remote-write request that cannot be taken at all (Prometheus drops a batch answered 400).</summary>
public sealed record RemoteWriteProblem(int Series, string Field, string Reason);

/// <summary>
/// Maps a Prometheus remote-write 1.0 <see cref="WriteRequest"/>: <c>__name__</c> is the metric (through
/// <see cref="InteropNames"/>), the other labels are tags, values are stored as sent (counters keep their
/// running totals, as Prometheus itself stores them). Stale markers — a NaN with a fixed bit pattern
/// that Prometheus writes when a series disappears — and other non-finite values are skipped, as are
/// series that break the tag limits; a series without <c>__name__</c> makes the request invalid.
/// </summary>
public sealed class RemoteWriteMapper(TimeProvider clock)
{
    public const string NameLabel = "__name__";

    /// <summary>The bits of Prometheus's stale-marker NaN (value.StaleNaN).</summary>
    public const ulong StaleMarkerBits = 0x7ff0000000000002;

    public static bool IsStaleMarker(double value) => BitConverter.DoubleToUInt64Bits(value) == StaleMarkerBits;

    public InteropBatch Map(WriteRequest request, out RemoteWriteProblem? problem)
    {
        problem = null;
        var batch = new InteropBatch();
        var now = clock.GetUtcNow();
        for (var s = 0; s < request.Timeseries.Count; s++)
        {
            var series = request.Timeseries[s];
            string? name = null;
            var pairs = new List<KeyValuePair<string, string>>(series.Labels.Count);
            foreach (var label in series.Labels)
            {
                if (label.Name == NameLabel) name = label.Value;
                else pairs.Add(new(label.Name, label.Value));
            }

            if (string.IsNullOrEmpty(name))
            {
                problem = new RemoteWriteProblem(s, "labels.__name__", "Every time series needs a __name__ label.");
                return new InteropBatch();
            }

            if (!InteropNames.TryMetricKey(name, "", out var key, out var reason) || InteropNames.TryTags(pairs, out reason) is not { } tags)
            {
                batch.Reject(reason!, series.Samples.Count);
                continue;
            }

            foreach (var sample in series.Samples)
            {
                // Stale markers only say "this series ended"; other NaNs (an empty summary's quantiles) and
                // infinities have no stored form. Neither is an error worth dropping the whole batch for.
                if (!double.IsFinite(sample.Value))
                {
                    if (!IsStaleMarker(sample.Value)) batch.Reject($"'{key}': non-finite values are not stored.");
                    continue;
                }

                var timestamp = sample.Timestamp is >= 0 and <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(sample.Timestamp) : DateTimeOffset.MinValue;
                if (IngestionLimits.TimestampProblem(timestamp, now) is { } timeProblem)
                {
                    batch.Reject($"'{key}': timestamp: {timeProblem}");
                    continue;
                }

                batch.Samples.Add(new MetricSample(key, sample.Value, timestamp, tags));
            }
        }

        return batch;
    }
}
