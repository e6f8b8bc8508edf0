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
        for (var round = 0; round < Rounds; round++)
        {
            otlpTimes.Add((await IngestBenchmark.HttpRunAsync(otlp, concurrency, "/v1/metrics", "application/x-protobuf", HttpStatusCode.OK)).TotalSeconds);
            jsonTimes.Add((await IngestBenchmark.HttpRunAsync(json, concurrency, "/api/v1/metrics", "application/json", HttpStatusCode.Accepted)).TotalSeconds);
        }

        var otlpRate = total / IngestBenchmark.Median(otlpTimes);
        var jsonRate = total / IngestBenchmark.Median(jsonTimes);
        return string.Create(CultureInfo.InvariantCulture,
            $"otlp otlp_protobuf_samples_per_s={otlpRate:F0} json_samples_per_s={jsonRate:F0} ratio={otlpRate / jsonRate:F2} samples={total} batch={BatchSize} concurrency={concurrency} rounds={Rounds} otlp_bytes={otlp.Sum(b => (long)b.Length)} json_bytes={json.Sum(b => (long)b.Length)}");
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
