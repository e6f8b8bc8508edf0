using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Observability;

/// <summary>Metrics that are states, not events (the writer's queue, open alarms): read when
/// <c>/metrics</c> is scraped rather than kept up to date at every change.</summary>
public static class StateCollectors
{
    public static void Register(ServiceMetrics metrics, IngestionWriter writer, IDbContextFactory<MonitorHubDbContext> contexts)
    {
        metrics.Registry.AddBeforeCollectCallback(() => metrics.WriterQueueDepth.Set(writer.QueueDepth));
        metrics.Registry.AddBeforeCollectCallback(cancellationToken => CountAlarmsAsync(contexts, metrics, cancellationToken));
    }

    private static async Task CountAlarmsAsync(IDbContextFactory<MonitorHubDbContext> contexts, ServiceMetrics metrics, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Alarms.AsNoTracking().Where(a => a.State != (int)AlarmState.Resolved)
            .GroupBy(a => new { a.RuleId, a.State }).Select(g => new { g.Key.RuleId, g.Key.State, Count = g.Count() }).ToListAsync(cancellationToken);
        var ruleIds = open.Select(o => o.RuleId).Distinct().ToList();
        var severities = (await db.AlarmRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToListAsync(cancellationToken))
            .ToDictionary(r => r.Id, r => AlarmStore.ToRule(r).Severity);
        // Every state and severity is written, zeros included, so a series drops to 0 instead of vanishing.
        foreach (var state in Enum.GetValues<AlarmState>().Where(s => s != AlarmState.Resolved))
        {
            foreach (var severity in Enum.GetValues<Severity>())
            {
                var count = open.Where(o => o.State == (int)state && severities.GetValueOrDefault(o.RuleId) == severity).Sum(o => o.Count);
                metrics.Alarms.WithLabels(state.ToString().ToLowerInvariant(), severity.ToString().ToLowerInvariant()).Set(count);
            }
        }
    }
}
