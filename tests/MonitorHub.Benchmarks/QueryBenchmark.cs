using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Benchmarks;

/// <summary>
/// A 30-day chart over 10 million stored samples: the rollup-backed query the UI runs versus
/// the same aggregation computed by scanning the raw samples of the range. Printed beside it, the
/// realistic case (<see cref="RealisticQueryBenchmark"/>): a metric with 100 series. Arguments:
/// samples of the single-series case, then of the realistic case (0 skips either).
/// </summary>
internal static class QueryBenchmark
{
    private const int Runs = 7;

    /// <param name="args">[--provider postgres] [single-series samples] [realistic samples]; on PostgreSQL the
    /// server is MONITORHUB_TEST_POSTGRES (tests/servers-shell.sh starts one) and each case gets a fresh database.</param>
    public static async Task<string> RunAsync(string[] args)
    {
        string? postgres = null;
        if (args.Length > 1 && args[0] == "--provider" && args[1] == "postgres")
        {
            postgres = Environment.GetEnvironmentVariable("MONITORHUB_TEST_POSTGRES") is { Length: > 0 } server ? server
                : throw new InvalidOperationException("query --provider postgres needs MONITORHUB_TEST_POSTGRES (run it under tests/servers-shell.sh).");
            args = args[2..];
        }

        var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var realisticTotal = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        // The realistic case first, so its resident memory is not inflated by the other's load.
        var realistic = realisticTotal > 0 ? await RealisticQueryBenchmark.RunAsync(realisticTotal, postgres) : null;
        var single = total > 0 ? await SingleSeriesAsync(total, postgres) : null;
        return string.Join(Environment.NewLine, new[] { single, realistic }.Where(line => line is not null));
    }

    private static async Task<string> SingleSeriesAsync(long total, string? postgres)
    {
        using var store = new BenchStore(postgres);
        var to = DateTimeOffset.UtcNow;
        var from = to - TimeSpan.FromDays(30);
        var load = Stopwatch.StartNew();
        var main = Load(store, from, to, total);
        load.Stop();

        var queries = store.Services.GetRequiredService<SeriesQueryService>();
        var filter = new Dictionary<string, string>();
        var rollupPlan = queries.Plan(from, to, null, out _)!;
        var rawPlan = rollupPlan with { UseRollups = false };

        var points = 0;
        var rollupMs = await TimeAsync(async () => points = (await queries.QueryAsync("bench.main", rollupPlan, Aggregation.Mean, filter)).Series[0].Points.Count);
        var rollupP95Ms = await TimeAsync(() => queries.QueryAsync("bench.main", rollupPlan, Aggregation.P95, filter));
        var rawMs = await TimeAsync(() => queries.QueryAsync("bench.main", rawPlan, Aggregation.Mean, filter), runs: 3);
        return string.Create(CultureInfo.InvariantCulture,
            $"query rollup_ms_p50={rollupMs:F1} raw_scan_ms_p50={rawMs:F1} speedup={rawMs / rollupMs:F0} rollup_p95_agg_ms_p50={rollupP95Ms:F1} " +
            $"stored_samples={total} main_series_samples={main} points={points} step_s={rollupPlan.StepSeconds} load_s={load.Elapsed.TotalSeconds:F0} provider={store.ProviderName}");
    }

    /// <summary>Half the samples in the charted series (one every ~0.5 s for 30 days), the rest in nine others.</summary>
    private static long Load(BenchStore store, DateTimeOffset from, DateTimeOffset to, long total)
    {
        var options = store.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value;
        using var writer = store.NewWriter();
        var mainCount = total / 2;
        var otherCount = total - mainCount;
        var span = (to - from).Ticks;
        var random = new Random(1);
        var batch = new List<MetricSample>(options.Ingestion.MaxSamplesPerCommit);
        void Flush()
        {
            writer.Write([new PreparedBatch(batch)], static _ => false);
            batch.Clear();
        }

        for (long i = 0; i < mainCount; i++)
        {
            batch.Add(new MetricSample("bench.main", 150 + 50 * random.NextDouble(), from + TimeSpan.FromTicks(span / mainCount * i), TagSet.Empty));
            if (batch.Count == batch.Capacity) Flush();
        }

        for (long i = 0; i < otherCount; i++)
        {
            var series = (int)(i % 9);
            batch.Add(new MetricSample($"bench.other_{series}", random.NextDouble(), from + TimeSpan.FromTicks(span / otherCount * i), TagSet.Empty));
            if (batch.Count == batch.Capacity) Flush();
        }

        if (batch.Count > 0) Flush();
        return mainCount;
    }

    internal static async Task<double> TimeAsync(Func<Task> query, int runs = Runs)
    {
        await query(); // warm-up: JIT and the database's page cache
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
