using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Incidents;

public sealed partial class IncidentTracker
{
    /// <summary>Alarm event kinds written when an alarm's notifications are held back or let go again.</summary>
    public const string HeldKind = "held";
    public const string ReleasedKind = "released";

    /// <summary>
    /// Re-derives an incident from its alarms: origin, which alarms are caused upstream and held, and
    /// its state. Each difference from what is stored is written with an event saying why.
    /// </summary>
    private async Task RefreshAsync(MonitorHubDbContext db, long incidentId, long nowMs, string actor, string? comment, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null) return;
        var members = await db.IncidentAlarms.Where(m => m.IncidentId == incidentId).ToListAsync(cancellationToken);
        if (members.Count == 0) return; // merged away: its alarms live on in the other incident
        var memberIds = members.Select(m => m.AlarmId).ToList();
        var alarms = await db.Alarms.Where(a => memberIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var ruleIds = alarms.Values.Select(a => a.RuleId).Distinct().ToList();
        var rules = (await db.AlarmRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToListAsync(cancellationToken)).ToDictionary(r => r.Id, AlarmStore.ToRule);
        var names = await db.Components.AsNoTracking().Where(c => c.SystemId == incident.SystemId).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var graph = await GraphAsync(db, incident.SystemId, cancellationToken);

        var live = members.Where(m => alarms.ContainsKey(m.AlarmId)).ToList();
        var all = live.Select(m => new IncidentAlarm(m.AlarmId, m.ComponentId, At(alarms[m.AlarmId].StartedAtMs), alarms[m.AlarmId].ResolvedAtMs is null)).ToList();
        if (all.Count == 0) return;

        var origin = IncidentGrouping.Origin(all, graph);
        if (incident.OriginAlarmId != origin.AlarmId)
        {
            var rule = rules.GetValueOrDefault(alarms[origin.AlarmId].RuleId)?.Name ?? "a deleted rule";
            var text = $"Probable origin: {names.GetValueOrDefault(origin.ComponentId, "?")} (alarm {Id(origin.AlarmId)}, {rule})" +
                       (incident.OriginAlarmId is { } previous ? $", upstream of the previous origin, alarm {Id(previous)}." : ".");
            AddEvent(db, incidentId, nowMs, "origin", RuleEvaluationActor, text);
            incident.OriginAlarmId = origin.AlarmId;
            incident.OriginComponentId = origin.ComponentId;
        }

        foreach (var member in live)
        {
            var self = all.First(a => a.AlarmId == member.AlarmId);
            member.CausedUpstream = IncidentGrouping.CausedUpstream(self, all, graph);
            var upstreamOpen = all.Where(a => a.Open && a.AlarmId != self.AlarmId && graph.IsUpstreamOf(a.ComponentId, self.ComponentId))
                .OrderBy(a => a.StartedAt).ThenBy(a => a.AlarmId).FirstOrDefault();
            var held = self.Open && upstreamOpen is not null && rules.TryGetValue(alarms[member.AlarmId].RuleId, out var rule) && IncidentStates.Inhibits(rule);
            if (held == member.Held) continue;
            member.Held = held;
            db.AlarmEvents.Add(new AlarmEventEntity
            {
                AlarmId = member.AlarmId, AtMs = nowMs, Kind = held ? HeldKind : ReleasedKind, Actor = RuleEvaluationActor, ToState = alarms[member.AlarmId].State,
                Text = held
                    ? $"Notifications held: upstream {names.GetValueOrDefault(upstreamOpen!.ComponentId, "?")} is firing (alarm {Id(upstreamOpen.AlarmId)}, incident {Id(incidentId)}); the rule inhibits when upstream is firing."
                    : self.Open ? "Notifications released: nothing upstream is firing any more." : "Released: the alarm is resolved.",
            });
        }

        var state = IncidentStates.Of(live.Select(m => (AlarmState)alarms[m.AlarmId].State));
        var was = (IncidentState)incident.State;
        if (state != was)
        {
            incident.State = (int)state;
            if (state == IncidentState.Acknowledged)
            {
                incident.AcknowledgedAtMs = nowMs;
                incident.AcknowledgedBy = actor;
            }

            incident.ResolvedAtMs = state == IncidentState.Resolved ? nowMs : null;
            AddEvent(db, incidentId, nowMs, state.ToString().ToLowerInvariant(), actor, string.IsNullOrWhiteSpace(comment) ? "" : comment.Trim());
            LogStateChanged(incidentId, was, state);
        }

        incident.UpdatedAtMs = nowMs;
        await db.SaveChangesAsync(cancellationToken);
    }
}
