using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Interop.Otlp;

namespace MonitorHub.Benchmarks;

/// <summary>
/// Where the request thread's time goes per sample for the two bodies of the <c>otlp</c> benchmark,
/// without HTTP or the writer: JSON DOM + validation versus the protobuf walk that parses and maps, then the
/// rollup preparation both share. Helps find which side of the ratio moved.
/// </summary>
internal static class OtlpProbe
{
    private const int Repeats = 60;

    public static string Run()
    {
        var rows = IngestBenchmark.Rows(OtlpBenchmark.BatchSize, DateTimeOffset.UtcNow.AddHours(-2)).ToArray();
        var json = IngestBenchmark.Body(rows);
        var otlp = OtlpBenchmark.Export(rows);
        var mapper = new OtlpMetricsMapper(Options.Create(new MonitorHubOptions()), TimeProvider.System);
        long jsonDoc = 0, jsonParse = 0, jsonPrep = 0, protoMap = 0, protoPrep = 0;
        long jsonBytes = 0, otlpBytes = 0;
        for (var r = 0; r < Repeats + 5; r++)
        {
            var measured = r >= 5;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            using (var document = JsonDocument.Parse(json))
            {
                var docTicks = watch.ElapsedTicks;
                watch.Restart();
                var parsed = SampleBatchParser.Parse(document.RootElement, DateTimeOffset.UtcNow);
                var parseTicks = watch.ElapsedTicks;
                watch.Restart();
                _ = new PreparedBatch(parsed.Samples);
                if (measured) { jsonDoc += docTicks; jsonParse += parseTicks; jsonPrep += watch.ElapsedTicks; jsonBytes += GC.GetAllocatedBytesForCurrentThread() - before; }
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            // The endpoint's path: gauges are mapped straight from the bytes (parse and map are one walk).
            var batch = mapper.Map(otlp, out _);
            var mapTicks = watch.ElapsedTicks;
            watch.Restart();
            _ = new PreparedBatch(batch.Samples, batch.Sketches);
            if (measured) { protoMap += mapTicks; protoPrep += watch.ElapsedTicks; otlpBytes += GC.GetAllocatedBytesForCurrentThread() - before; }
        }

        double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency / ((double)Repeats * rows.Length);
        double Bytes(long bytes) => bytes / ((double)Repeats * rows.Length);
        return string.Create(CultureInfo.InvariantCulture,
            $"otlpprobe per_sample_us json_doc={Us(jsonDoc):F3} json_validate={Us(jsonParse):F3} json_prepare={Us(jsonPrep):F3} proto_parse_and_map={Us(protoMap):F3} proto_prepare={Us(protoPrep):F3} json_alloc_bytes={Bytes(jsonBytes):F0} otlp_alloc_bytes={Bytes(otlpBytes):F0}");
    }
}
