using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Incidents;

/// <summary>Incidents as people read them, and acknowledging or resolving all of an incident's alarms at once.</summary>
public sealed class IncidentStore(IDbContextFactory<MonitorHubDbContext> contexts, AlarmStore alarms, CatalogueStore catalogue)
{
    public const int MaxLimit = 200;
    public const int MaxComment = 2000;

    /// <summary>Newest first; <paramref name="before"/> is the last id of the previous page.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentState? state, int? systemId, long? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Listed(db);
        if (state is { } s) query = query.Where(i => i.State == (int)s);
        if (systemId is { } sys) query = query.Where(i => i.SystemId == sys);
        if (before is { } b) query = query.Where(i => i.Id < b);
        var rows = await query.OrderByDescending(i => i.Id).Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(cancellationToken);
        return await SummariesAsync(db, rows, cancellationToken);
    }

    /// <summary>What a pipeline graph is drawn with: open alarms per component, and the incidents not yet
    /// resolved (newest first, at most <see cref="MaxLimit"/>; resolved ones are left out in SQL).</summary>
    public async Task<PipelineHealth> PipelineHealthAsync(CancellationToken cancellationToken = default)
    {
        var components = await ComponentHealthAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Listed(db).Where(i => i.State != (int)IncidentState.Resolved).OrderByDescending(i => i.Id).Take(MaxLimit).ToListAsync(cancellationToken);
        return new PipelineHealth(components, await SummariesAsync(db, rows, cancellationToken));
    }

    /// <summary>Incidents that hold alarms (one merged into another keeps none and is not listed).</summary>
    private static IQueryable<IncidentEntity> Listed(MonitorHubDbContext db) => db.Incidents.AsNoTracking().Where(i => db.IncidentAlarms.Any(m => m.IncidentId == i.Id));

    public async Task<IncidentDetail?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is null || await catalogue.GetSystemAsync(row.SystemId, cancellationToken) is not { } system) return null;
        var summary = (await SummariesAsync(db, [row], cancellationToken))[0];
        var members = await db.IncidentAlarms.AsNoTracking().Where(m => m.IncidentId == id).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.AlarmId).ToList();
        var alarmRows = await db.Alarms.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var ruleIds = alarmRows.Values.Select(a => a.RuleId).Distinct().ToList();
        var rules = (await db.AlarmRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToListAsync(cancellationToken)).ToDictionary(r => r.Id, AlarmStore.ToRule);
        var names = system.Components.ToDictionary(c => c.Id, c => c.Name);
        var views = members.Where(m => alarmRows.ContainsKey(m.AlarmId) && rules.ContainsKey(alarmRows[m.AlarmId].RuleId))
            .Select(m => new IncidentAlarmView(AlarmStore.ToView(alarmRows[m.AlarmId], rules[alarmRows[m.AlarmId].RuleId]), m.ComponentId,
                names.GetValueOrDefault(m.ComponentId, "?"), m.AlarmId == row.OriginAlarmId, m.CausedUpstream, m.Held))
            .OrderBy(v => v.Alarm.StartedAt).ThenBy(v => v.Alarm.Id).ToList();

        var graph = PipelineGraph.Of(system);
        var path = row.OriginComponentId is { } origin ? graph.PathsBetween(origin, views.Select(v => v.ComponentId)) : new HashSet<int>();
        var incidentEvents = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == id).ToListAsync(cancellationToken);
        var alarmEvents = await db.AlarmEvents.AsNoTracking().Where(e => ids.Contains(e.AlarmId)).ToListAsync(cancellationToken);
        var timeline = incidentEvents.Select(e => (e.AtMs, Order: 0, e.Id, View: new IncidentEventView(At(e.AtMs), e.Kind, e.Actor, e.Text, null)))
            .Concat(alarmEvents.Select(e => (e.AtMs, Order: 1, e.Id, View: new IncidentEventView(At(e.AtMs), e.Kind, e.Actor, AlarmText(e), e.AlarmId))))
            .OrderBy(e => e.AtMs).ThenBy(e => e.Order).ThenBy(e => e.Id).Select(e => e.View).ToList();
        return new IncidentDetail(summary, system, views, [.. path.Order()], [.. graph.EdgesWithin(path)], timeline);
    }

    private static string AlarmText(AlarmEventEntity e)
    {
        var what = e.Kind == "transition" && e.ToState is { } to
            ? $"{(e.FromState is { } f ? ((AlarmState)f).ToString().ToLowerInvariant() : "inactive")} → {((AlarmState)to).ToString().ToLowerInvariant()}"
            : "";
        return string.Join(": ", new[] { what, e.Text }.Where(t => t.Length > 0));
    }

    /// <summary>Acknowledges every open alarm of the incident with one comment (required), in one transaction.</summary>
    public Task<StoreResult<IncidentDetail>> AcknowledgeAsync(long id, string? comment, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(id, comment, s => s is AlarmState.Firing or AlarmState.Pending or AlarmState.NoData, "acknowledge",
            (ids, c) => alarms.AcknowledgeManyAsync(ids, c, actor, cancellationToken), cancellationToken);

    /// <summary>Resolves every alarm of the incident that is not resolved yet, with one comment (required).</summary>
    public Task<StoreResult<IncidentDetail>> ResolveAsync(long id, string? comment, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(id, comment, s => s != AlarmState.Resolved, "resolve",
            (ids, c) => alarms.ResolveManyAsync(ids, c, actor, cancellationToken), cancellationToken);

    private async Task<StoreResult<IncidentDetail>> ActAsync(
        long id, string? comment, Func<AlarmState, bool> applies, string verb,
        Func<IReadOnlyList<long>, string, Task<StoreResult<IReadOnlyList<AlarmView>>>> act, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment)) return StoreResult<IncidentDetail>.Invalid([new(null, "comment", "Required: say what you found or did; it is kept with every alarm of the incident.")]);
        if (comment.Length > MaxComment) return StoreResult<IncidentDetail>.Invalid([new(null, "comment", $"At most {MaxComment} characters.")]);
        List<long> targets;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Incidents.AnyAsync(i => i.Id == id, cancellationToken)) return StoreResult<IncidentDetail>.NotFound();
            targets = (await (from m in db.IncidentAlarms
                              join a in db.Alarms on m.AlarmId equals a.Id
                              where m.IncidentId == id
                              select new { a.Id, a.State }).ToListAsync(cancellationToken))
                .Where(a => applies((AlarmState)a.State)).Select(a => a.Id).ToList();
        }

        if (targets.Count == 0) return StoreResult<IncidentDetail>.Conflict([new(null, "state", $"Nothing to {verb}: no alarm of incident {id} is in a state that allows it.")]);
        var result = await act(targets, comment);
        if (!result.IsOk) return new(result.Outcome, null, result.Issues);
        return await GetAsync(id, cancellationToken) is { } detail ? StoreResult<IncidentDetail>.Ok(detail) : StoreResult<IncidentDetail>.NotFound();
    }

    /// <summary>Open alarms per component of metrics assigned to one, for colouring the pipeline graph.</summary>
    public async Task<IReadOnlyDictionary<int, ComponentHealth>> ComponentHealthAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await (from a in db.Alarms.AsNoTracking()
                          join r in db.AlarmRules on a.RuleId equals r.Id
                          join d in db.MetricDefinitions on r.Metric equals d.Key
                          where a.ResolvedAtMs == null && d.ComponentId != null
                          select new { ComponentId = d.ComponentId!.Value, a.State, r.Definition, r.Id, r.Name, r.Metric, r.Enabled }).ToListAsync(cancellationToken);
        return open.GroupBy(o => o.ComponentId).ToDictionary(g => g.Key, g =>
        {
            var severities = g.Where(o => (AlarmState)o.State != AlarmState.Pending)
                .Select(o => AlarmStore.ToRule(new AlarmRuleEntity { Id = o.Id, Definition = o.Definition, Name = o.Name, Metric = o.Metric, Enabled = o.Enabled }).Severity).ToList();
            return new ComponentHealth(g.Key, g.Count(), g.Count(o => (AlarmState)o.State is AlarmState.Firing or AlarmState.NoData),
                g.Count(o => (AlarmState)o.State == AlarmState.Acknowledged), severities.Count == 0 ? null : severities.Min());
        });
    }

    private static async Task<List<IncidentSummary>> SummariesAsync(MonitorHubDbContext db, List<IncidentEntity> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await (from m in db.IncidentAlarms
                            join a in db.Alarms on m.AlarmId equals a.Id
                            where ids.Contains(m.IncidentId)
                            group a by m.IncidentId into g
                            select new { g.Key, Total = g.Count(), Open = g.Count(a => a.ResolvedAtMs == null) }).ToDictionaryAsync(g => g.Key, cancellationToken);
        var systemIds = rows.Select(r => r.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var componentIds = rows.Where(r => r.OriginComponentId is not null).Select(r => r.OriginComponentId!.Value).Distinct().ToList();
        var components = await db.Components.AsNoTracking().Where(c => componentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return [.. rows.Select(r => new IncidentSummary(
            r.Id, r.SystemId, systems.GetValueOrDefault(r.SystemId, "?"), (IncidentState)r.State, r.OriginAlarmId, r.OriginComponentId,
            r.OriginComponentId is { } c ? components.GetValueOrDefault(c) : null, At(r.OpenedAtMs), Time(r.AcknowledgedAtMs), r.AcknowledgedBy, Time(r.ResolvedAtMs),
            counts.TryGetValue(r.Id, out var n) ? n.Total : 0, counts.TryGetValue(r.Id, out var o) ? o.Open : 0))];
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? At(v) : null;
}
