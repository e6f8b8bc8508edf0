using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Incidents;

/// <summary>
/// Keeps incidents in step with alarm transitions. Called by whoever changed alarms, on their own
/// context and inside their transaction, so an alarm never changes without its incident following.
/// It reads the stored state and writes only differences, so calling it again changes nothing.
/// </summary>
public sealed partial class IncidentTracker(IOptions<MonitorHubOptions> options, ILogger<IncidentTracker> logger)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.Incidents.WindowMinutes);

    /// <summary>Groups newly opened alarms and refreshes the incidents of every changed alarm; saves nothing.</summary>
    /// <param name="actor">Who changed the alarms (the evaluator or a person), for the incident's timeline.</param>
    /// <param name="comment">The person's comment, kept with the incident's acknowledgement or resolution.</param>
    public async Task SyncAsync(
        MonitorHubDbContext db, IReadOnlyCollection<(AlarmEntity Alarm, AlarmRule Rule)> changed, DateTimeOffset now, string actor, string? comment, CancellationToken cancellationToken)
    {
        if (changed.Count == 0) return;
        var nowMs = now.ToUnixTimeMilliseconds();
        var alarmIds = changed.Select(c => c.Alarm.Id).ToList();
        var members = await db.IncidentAlarms.Where(m => alarmIds.Contains(m.AlarmId)).ToDictionaryAsync(m => m.AlarmId, cancellationToken);
        var touched = members.Values.Select(m => m.IncidentId).ToHashSet();

        var joining = changed.Where(c => !members.ContainsKey(c.Alarm.Id) && Groupable((AlarmState)c.Alarm.State)).ToList();
        if (joining.Count > 0)
        {
            var metrics = joining.Select(c => c.Rule.Metric).Distinct().ToList();
            var components = await db.MetricDefinitions.AsNoTracking().Where(d => metrics.Contains(d.Key) && d.ComponentId != null)
                .ToDictionaryAsync(d => d.Key, d => d.ComponentId!.Value, cancellationToken);
            var placed = joining.Where(c => components.ContainsKey(c.Rule.Metric))
                .Select(c => (c.Alarm, Component: components[c.Rule.Metric])).ToList();
            if (placed.Count > 0)
            {
                var componentIds = placed.Select(p => p.Component).Distinct().ToList();
                var systems = await db.Components.AsNoTracking().Where(c => componentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.SystemId, cancellationToken);
                foreach (var system in placed.Where(p => systems.ContainsKey(p.Component)).GroupBy(p => systems[p.Component]))
                {
                    touched.UnionWith(await GroupAsync(db, system.Key, [.. system.OrderBy(p => p.Alarm.StartedAtMs).ThenBy(p => p.Alarm.Id)], nowMs, cancellationToken));
                }
            }
        }

        foreach (var incidentId in touched.Order())
        {
            await RefreshAsync(db, incidentId, nowMs, actor, comment, cancellationToken);
        }
    }

    /// <summary>A pending alarm may clear before it fires, and a resolved one is over: neither starts or joins an incident.</summary>
    private static bool Groupable(AlarmState state) => state is AlarmState.Firing or AlarmState.Acknowledged or AlarmState.NoData;

    private async Task<HashSet<long>> GroupAsync(MonitorHubDbContext db, int systemId, List<(AlarmEntity Alarm, int Component)> alarms, long nowMs, CancellationToken cancellationToken)
    {
        var graph = await GraphAsync(db, systemId, cancellationToken);
        var names = await db.Components.AsNoTracking().Where(c => c.SystemId == systemId).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var open = await db.Incidents.Where(i => i.SystemId == systemId && i.ResolvedAtMs == null).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var openIds = open.Select(i => i.Id).ToList();
        var memberRows = await (from m in db.IncidentAlarms
                                join a in db.Alarms on m.AlarmId equals a.Id
                                where openIds.Contains(m.IncidentId)
                                select new { m.IncidentId, m.AlarmId, m.ComponentId, a.StartedAtMs, a.ResolvedAtMs }).ToListAsync(cancellationToken);
        var incidents = open.ToDictionary(i => i.Id, i => memberRows.Where(m => m.IncidentId == i.Id)
            .Select(m => new IncidentAlarm(m.AlarmId, m.ComponentId, At(m.StartedAtMs), m.ResolvedAtMs is null)).ToList());
        var touched = new HashSet<long>();
        foreach (var (alarm, component) in alarms)
        {
            var candidate = new IncidentAlarm(alarm.Id, component, At(alarm.StartedAtMs), true);
            var matches = IncidentGrouping.Matches(candidate, incidents.Select(kv => (kv.Key, (IReadOnlyList<IncidentAlarm>)kv.Value)), graph, Window);
            IncidentEntity target;
            if (matches.Count == 0)
            {
                target = new IncidentEntity { SystemId = systemId, OpenedAtMs = alarm.StartedAtMs, UpdatedAtMs = nowMs };
                db.Incidents.Add(target);
                await db.SaveChangesAsync(cancellationToken); // the incident's id, for its members and events
                // The next alarm of this batch may join it (or merge it): it is open like the stored ones.
                open.Add(target);
                incidents[target.Id] = [];
                AddEvent(db, target.Id, nowMs, "opened", RuleEvaluationActor, $"Opened by alarm #{alarm.Id}.");
                LogOpened(target.Id, systemId, alarm.Id);
            }
            else
            {
                // The oldest incident keeps its identity; the others' alarms move into it and they close as merged.
                target = open.First(i => i.Id == matches[0]);
                foreach (var otherId in matches.Skip(1))
                {
                    await db.IncidentAlarms.Where(m => m.IncidentId == otherId).ExecuteUpdateAsync(u => u.SetProperty(m => m.IncidentId, target.Id), cancellationToken);
                    foreach (var tracked in db.IncidentAlarms.Local.Where(m => m.IncidentId == otherId)) tracked.IncidentId = target.Id;
                    var other = open.First(i => i.Id == otherId);
                    other.State = (int)IncidentState.Resolved;
                    other.ResolvedAtMs = nowMs;
                    other.UpdatedAtMs = nowMs;
                    AddEvent(db, other.Id, nowMs, "merged", RuleEvaluationActor, $"Merged into incident #{target.Id}: alarm #{alarm.Id} connects them.");
                    AddEvent(db, target.Id, nowMs, "merged", RuleEvaluationActor, $"Incident #{other.Id} merged in: alarm #{alarm.Id} connects them.");
                    incidents[target.Id].AddRange(incidents[otherId]);
                    incidents.Remove(otherId);
                    touched.Add(otherId);
                }

                target.OpenedAtMs = Math.Min(target.OpenedAtMs, alarm.StartedAtMs);
            }

            db.IncidentAlarms.Add(new IncidentAlarmEntity { AlarmId = alarm.Id, IncidentId = target.Id, ComponentId = component, JoinedAtMs = nowMs });
            if (incidents[target.Id].Count > 0)
            {
                var caused = IncidentGrouping.CausedUpstream(candidate, [.. incidents[target.Id], candidate], graph);
                AddEvent(db, target.Id, nowMs, "joined", RuleEvaluationActor,
                    $"Alarm {Id(alarm.Id)} on {names.GetValueOrDefault(component, "?")} joined" + (caused ? ", probably caused upstream." : "."));
            }

            incidents[target.Id].Add(candidate);
            touched.Add(target.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return touched;
    }

    /// <summary>Incident rows written by grouping itself are attributed to the evaluator, which opened the alarms.</summary>
    private const string RuleEvaluationActor = "evaluator";

    internal static async Task<PipelineGraph> GraphAsync(MonitorHubDbContext db, int systemId, CancellationToken cancellationToken)
    {
        var components = await db.Components.AsNoTracking().Where(c => c.SystemId == systemId).Select(c => c.Id).ToListAsync(cancellationToken);
        var edges = await db.ComponentEdges.AsNoTracking().Where(e => components.Contains(e.FromComponentId))
            .Select(e => new ComponentEdge(e.FromComponentId, e.ToComponentId)).ToListAsync(cancellationToken);
        return new PipelineGraph(components, edges);
    }

    private static void AddEvent(MonitorHubDbContext db, long incidentId, long atMs, string kind, string actor, string text) =>
        db.IncidentEvents.Add(new IncidentEventEntity { IncidentId = incidentId, AtMs = atMs, Kind = kind, Actor = actor, Text = text });

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string Id(long id) => "#" + id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Incident {IncidentId} opened in system {SystemId} by alarm {AlarmId}")]
    private partial void LogOpened(long incidentId, int systemId, long alarmId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Incident {IncidentId}: {From} -> {To}")]
    private partial void LogStateChanged(long incidentId, IncidentState from, IncidentState to);
}
