using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Benchmarks;

/// <summary>Where the request thread's time goes per sample: JSON DOM, validation, rollup preparation.</summary>
internal static class ParseProbe
{
    public static string Run()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var json = new StringBuilder("{\"samples\":[");
        for (var i = 0; i < 10_000; i++) { if (i > 0) json.Append(','); json.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"metric\":\"bench.metric_{i % 10}\",\"value\":{100 + i % 1000 / 10.0},\"timestamp\":\"{start.AddMilliseconds(i * 5).UtcDateTime:O}\",\"tags\":{{\"host\":\"h{i % 100 / 10}\"}}}}"); }
        var body = Encoding.UTF8.GetBytes(json.Append("]}").ToString());
        long doc = 0, parse = 0, prep = 0;
        for (var r = 0; r < 60; r++)
        {
            var sw = Stopwatch.StartNew();
            using var d = JsonDocument.Parse(body);
            doc += sw.ElapsedTicks; sw.Restart();
            var res = SampleBatchParser.Parse(d.RootElement, DateTimeOffset.UtcNow);
            parse += sw.ElapsedTicks; sw.Restart();
            _ = new PreparedBatch(res.Samples);
            prep += sw.ElapsedTicks;
        }
        double Us(long t) => t * 1e6 / Stopwatch.Frequency / 600_000;
        return $"parse per_sample: jsondoc {Us(doc):F2} us, parse {Us(parse):F2} us, prepare {Us(prep):F2} us";
    }
}
