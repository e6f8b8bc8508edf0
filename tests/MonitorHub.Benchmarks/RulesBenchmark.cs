using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Benchmarks;

/// <summary>One evaluation cycle of 10 000 rules, one per series (a per-host rule on 10 000 hosts),
/// a tenth of them breaching: the first cycle opens those alarms, the second is steady state.</summary>
internal static class RulesBenchmark
{
    public static async Task<string> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        using var store = new BenchStore();
        var now = DateTimeOffset.UtcNow;
        using (var writer = new SampleWriteStore(store.Paths.ConnectionString, TimeProvider.System))
        {
            var samples = new List<MetricSample>();
            for (var i = 0; i < count; i++)
            {
                var tags = TagSet.From([new("host", "h" + i.ToString(CultureInfo.InvariantCulture))]);
                for (var k = 0; k < 5; k++) samples.Add(new MetricSample("bench.latency_ms", i % 10 == 0 ? 900 : 200 + k, now.AddSeconds(-30 * (k + 1)), tags));
            }

            foreach (var chunk in samples.Chunk(50_000)) writer.Write([new PreparedBatch(chunk)], static _ => false);
        }

        var contexts = store.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            for (var i = 0; i < count; i++)
            {
                var rule = new AlarmRule
                {
                    Name = $"latency h{i}", Metric = "bench.latency_ms", Tags = new Dictionary<string, string> { ["host"] = "h" + i.ToString(CultureInfo.InvariantCulture) },
                    Aggregation = "p95", WindowSeconds = 300, Threshold = 500, ClearThreshold = 400,
                };
                db.AlarmRules.Add(new AlarmRuleEntity { Name = rule.Name, Metric = rule.Metric, Enabled = true, Definition = JsonSerializer.Serialize(rule, AlarmStore.Json) });
            }

            await db.SaveChangesAsync();
        }

        var evaluator = store.Services.GetRequiredService<RuleEvaluationService>();
        var first = Stopwatch.StartNew();
        var evaluated = await evaluator.RunDueAsync();
        first.Stop();

        // Make every rule due again, then time the steady-state cycle.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.AlarmRules.ExecuteUpdateAsync(u => u.SetProperty(r => r.LastEvaluatedAtMs, (long?)null));
        }

        var second = Stopwatch.StartNew();
        await evaluator.RunDueAsync();
        second.Stop();

        await using var check = await contexts.CreateDbContextAsync();
        var firing = await check.Alarms.CountAsync(a => a.ResolvedAtMs == null);
        return string.Create(CultureInfo.InvariantCulture,
            $"rules count={evaluated} series={count} eval_ms={first.Elapsed.TotalMilliseconds:F0} steady_eval_ms={second.Elapsed.TotalMilliseconds:F0} firing={firing}");
    }
}
