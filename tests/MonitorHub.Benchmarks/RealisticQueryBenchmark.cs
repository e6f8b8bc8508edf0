using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Features.Metrics;

namespace MonitorHub.Benchmarks;

/// <summary>
/// Charts at real cardinality: 10 metrics × 100 <c>host</c> series over 7 days, loaded through the
/// writer (not HTTP, so set-up is quick), then the charts a user opens: one metric with all its
/// series over 7 days (mean and p95) and over 24 h, and one series over 7 days. Resident memory is
/// read after the load and after the queries. With MONITORHUB_BENCH_DIR set the loaded database is kept
/// there and reused by the next run (see <see cref="BenchStore"/>).
/// </summary>
internal static class RealisticQueryBenchmark
{
    private const int Metrics = 10;
    private const int Hosts = 100;
    private static readonly TimeSpan Range = TimeSpan.FromDays(7);

    public static async Task<string> RunAsync(long total, string? postgres = null)
    {
        using var store = new BenchStore(postgres);
        var marker = $"realistic-{total}.loaded";
        var reused = store.LoadedUntil(marker) is not null;
        var to = store.LoadedUntil(marker) ?? DateTimeOffset.UtcNow;
        var from = to - Range;
        var load = Stopwatch.StartNew();
        if (!reused)
        {
            Load(store, from, to, total);
            store.MarkLoaded(marker, to);
        }

        load.Stop();
        var rssLoaded = RssMb();

        var queries = store.Services.GetRequiredService<SeriesQueryService>();
        var all = new Dictionary<string, string>();
        var one = new Dictionary<string, string> { ["host"] = "h042" };
        var week = queries.Plan(from, to, null, out _)!;
        var day = queries.Plan(to - TimeSpan.FromDays(1), to, null, out _)!;

        var points = 0;
        var seriesCount = 0;
        var weekMean = await QueryBenchmark.TimeAsync(async () =>
        {
            var result = await queries.QueryAsync("bench.m3", week, Aggregation.Mean, all);
            (points, seriesCount) = (result.Series.Sum(s => s.Points.Count), result.Series.Count);
        });
        var weekP95 = await QueryBenchmark.TimeAsync(() => queries.QueryAsync("bench.m3", week, Aggregation.P95, all));
        SeriesQueryResult? dayResult = null;
        var dayMean = await QueryBenchmark.TimeAsync(async () => dayResult = await queries.QueryAsync("bench.m3", day, Aggregation.Mean, all));
        var dayP95 = await QueryBenchmark.TimeAsync(() => queries.QueryAsync("bench.m3", day, Aggregation.P95, all));
        var dayTop = await QueryBenchmark.TimeAsync(() => queries.QueryAsync("bench.m3", day, Aggregation.Mean, all, top: new TopSeries(TopSeries.ChartDefault, Aggregation.Mean)));
        var singleMean = await QueryBenchmark.TimeAsync(() => queries.QueryAsync("bench.m3", week, Aggregation.Mean, one));
        // What the API adds to the 24 h answer: the response DTO and its JSON (the web app's options), no HTTP.
        var json = JsonOptions();
        var dayJson = await QueryBenchmark.TimeAsync(() => JsonSerializer.SerializeAsync(Stream.Null, SeriesResponse.Of(dayResult!), json));
        var rssQueried = RssMb();
        var storedSeries = StoredSeries(store);
        var upgrade = reused ? string.Create(CultureInfo.InvariantCulture, $" reused_db=true migrate_s={store.MigrateSeconds:F1}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"query_realistic all_7d_mean_ms_p50={weekMean:F1} all_7d_p95_ms_p50={weekP95:F1} all_24h_mean_ms_p50={dayMean:F1} all_24h_p95_ms_p50={dayP95:F1} " +
            $"top10_24h_mean_ms_p50={dayTop:F1} single_7d_mean_ms_p50={singleMean:F1} json_24h_ms_p50={dayJson:F1} " +
            $"rss_mb_after_load={rssLoaded:F0} rss_mb_after_queries={rssQueried:F0} stored_samples={total} series={storedSeries} " +
            $"chart_series={seriesCount} chart_points={points} step_7d_s={week.StepSeconds} step_24h_s={day.StepSeconds} load_s={load.Elapsed.TotalSeconds:F0}{upgrade} provider={store.ProviderName}");
    }

    /// <summary>In time order, every series once per tick, as a fleet of hosts would report.</summary>
    private static void Load(BenchStore store, DateTimeOffset from, DateTimeOffset to, long total)
    {
        var options = store.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value;
        using var writer = store.NewWriter();
        var tags = Enumerable.Range(0, Hosts).Select(h => TagSet.From(new Dictionary<string, string> { ["host"] = $"h{h:D3}" })).ToArray();
        var names = Enumerable.Range(0, Metrics).Select(m => $"bench.m{m}").ToArray();
        var ticks = total / (Metrics * Hosts);
        var interval = (to - from).Ticks / Math.Max(1, ticks);
        var random = new Random(1);
        var batch = new List<MetricSample>(options.Ingestion.MaxSamplesPerCommit);
        for (long tick = 0; tick < ticks; tick++)
        {
            var ts = from + TimeSpan.FromTicks(interval * tick);
            for (var m = 0; m < Metrics; m++)
            {
                for (var h = 0; h < Hosts; h++)
                {
                    batch.Add(new MetricSample(names[m], 50 + h + 20 * random.NextDouble(), ts, tags[h]));
                }
            }

            if (batch.Count + Metrics * Hosts > batch.Capacity)
            {
                writer.Write([new PreparedBatch(batch)], static _ => false);
                batch.Clear();
            }
        }

        if (batch.Count > 0) writer.Write([new PreparedBatch(batch)], static _ => false);
    }

    /// <summary>The series the database really holds for the benchmark's metrics (a reused database included).</summary>
    private static long StoredSeries(BenchStore store)
    {
        using var connection = store.Services.GetRequiredService<StoreConnections>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Tables.Series.Table} WHERE {Tables.Series.MetricKey} LIKE 'bench.m%'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static JsonSerializerOptions JsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }

    internal static double RssMb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
