using System.Globalization;
using System.Net;
using Google.Protobuf;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Collector;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;

namespace MonitorHub.Benchmarks;

/// <summary>
/// The same samples through <c>POST /v1/metrics</c> (OTLP protobuf gauges) and <c>POST /api/v1/metrics</c>
/// (our JSON), alternately on fresh hosts in one run; the ratio says whether protobuf keeps up (goal ≥ 1).
/// </summary>
internal static class OtlpBenchmark
{
    internal const int BatchSize = 10_000;
    private const int Rounds = 3;

    public static async Task<string> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var rows = IngestBenchmark.Rows(total, DateTimeOffset.UtcNow.AddHours(-2));
        var json = rows.Chunk(BatchSize).Select(IngestBenchmark.Body).ToList();
        var otlp = rows.Chunk(BatchSize).Select(Export).ToList();

        await IngestBenchmark.HttpRunAsync(otlp.Take(2).ToList(), concurrency, "/v1/metrics", "application/x-protobuf", HttpStatusCode.OK);
        await IngestBenchmark.HttpRunAsync(json.Take(2).ToList(), concurrency, "/api/v1/metrics", "application/json", HttpStatusCode.Accepted);
        var otlpTimes = new List<double>();
        var jsonTimes = new List<double>();
        var otlpGc = new GcCost();
        var jsonGc = new GcCost();
        for (var round = 0; round < Rounds; round++)
        {
            otlpTimes.Add(await otlpGc.MeasureAsync(() => IngestBenchmark.HttpRunAsync(otlp, concurrency, "/v1/metrics", "application/x-protobuf", HttpStatusCode.OK)));
            jsonTimes.Add(await jsonGc.MeasureAsync(() => IngestBenchmark.HttpRunAsync(json, concurrency, "/api/v1/metrics", "application/json", HttpStatusCode.Accepted)));
        }

        var otlpRate = total / IngestBenchmark.Median(otlpTimes);
        var jsonRate = total / IngestBenchmark.Median(jsonTimes);
        return string.Create(CultureInfo.InvariantCulture,
            $"otlp otlp_protobuf_samples_per_s={otlpRate:F0} json_samples_per_s={jsonRate:F0} ratio={otlpRate / jsonRate:F2} samples={total} batch={BatchSize} concurrency={concurrency} rounds={Rounds} otlp_bytes={otlp.Sum(b => (long)b.Length)} json_bytes={json.Sum(b => (long)b.Length)} {otlpGc.Describe("otlp")} {jsonGc.Describe("json")}");
    }

    /// <summary>
    /// GC pause time and gen1/gen2 collections per round of one side. Both sides share the process, so
    /// this says which side's allocations stop the single writer (every blocking GC pauses it too).
    /// </summary>
    private sealed class GcCost
    {
        private TimeSpan _pause;
        private int _gen1;
        private int _gen2;
        private int _rounds;

        public async Task<double> MeasureAsync(Func<Task<TimeSpan>> run)
        {
            var (pause, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(1), GC.CollectionCount(2));
            var elapsed = await run();
            _pause += GC.GetTotalPauseDuration() - pause;
            _gen1 += GC.CollectionCount(1) - gen1;
            _gen2 += GC.CollectionCount(2) - gen2;
            _rounds++;
            return elapsed.TotalSeconds;
        }

        public string Describe(string side) => string.Create(CultureInfo.InvariantCulture,
            $"{side}_gc_pause_ms={_pause.TotalMilliseconds / _rounds:F0} {side}_gen1={_gen1 / (double)_rounds:F1} {side}_gen2={_gen2 / (double)_rounds:F1}");
    }

    /// <summary>One export per batch: a gauge per metric key, a point per sample with its host attribute.</summary>
    internal static byte[] Export((int Series, DateTimeOffset Ts, double Value)[] batch)
    {
        var scope = new ScopeMetrics();
        foreach (var byMetric in batch.GroupBy(r => r.Series % 10))
        {
            var metric = new Metric { Name = $"bench.metric_{byMetric.Key}", Gauge = new Gauge() };
            foreach (var (series, ts, value) in byMetric)
            {
                var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = (ulong)ts.ToUnixTimeMilliseconds() * 1_000_000 };
                point.Attributes.Add(new KeyValue { Key = "host", Value = new AnyValue { StringValue = $"h{series / 10}" } });
                metric.Gauge.DataPoints.Add(point);
            }

            scope.Metrics.Add(metric);
        }

        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request.ToByteArray();
    }
}
