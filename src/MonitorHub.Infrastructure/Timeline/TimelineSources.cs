using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>
/// Each kind's source: the stored rows narrowed to the scope, and how a page of them reads as events.
/// Alarm-side kinds here; deployments, automation, drift, detectors and access in the other part.
/// </summary>
internal static partial class TimelineSources
{
    public static IEnumerable<ITimelineSource> For(MonitorHubDbContext db, TimelineScope scope, TimelineQuery query)
    {
        var all = new Dictionary<string, Func<ITimelineSource>>
        {
            [TimelineKinds.Alarm] = () => Alarms(db, scope),
            [TimelineKinds.Notification] = () => Notifications(db, scope),
            [TimelineKinds.Silence] = () => Silences(db, scope),
            [TimelineKinds.Rule] = () => RuleVersions(db, scope),
            [TimelineKinds.Metric] = () => MetricVersions(db, scope),
            [TimelineKinds.Deployment] = () => Deployments(db, scope),
            [TimelineKinds.Automation] = () => AutomationChanges(db, scope),
            [TimelineKinds.Drift] = () => DriftChanges(db, scope),
            [TimelineKinds.Detector] = () => Detections(db, scope),
            [TimelineKinds.Access] = () => AccessChanges(db, scope),
            [TimelineKinds.Incident] = () => Incidents(db, scope),
            [TimelineKinds.Job] = () => JobRuns(db, scope),
            [TimelineKinds.Scrape] = () => ScrapeTransitions(db, scope),
        };
        // A kind whose scope matches nothing is not read at all: an empty IN list would still walk the time index.
        return query.WantedKinds.Where(kind => !NothingInScope(scope, kind)).Select(kind => all[kind]());
    }

    private static bool NothingInScope(TimelineScope scope, string kind) => kind switch
    {
        TimelineKinds.Alarm or TimelineKinds.Notification or TimelineKinds.Silence or TimelineKinds.Rule or TimelineKinds.Incident => scope.RuleIds is { Count: 0 },
        TimelineKinds.Metric => scope.MetricKeys is { Count: 0 },
        TimelineKinds.Deployment => scope.Models is { Count: 0 },
        TimelineKinds.Automation => scope.AutomationSystems is { Count: 0 },
        TimelineKinds.Drift => scope.MonitorIds is { Count: 0 },
        TimelineKinds.Detector => scope.DetectorIds is { Count: 0 },
        TimelineKinds.Access => scope.PrivacySystems is { Count: 0 },
        TimelineKinds.Job => scope.JobIds is { Count: 0 },
        TimelineKinds.Scrape => scope.ScrapeTargetIds is { Count: 0 },
        _ => false,
    };

    private static ITimelineSource Alarms(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = from e in db.AlarmEvents.AsNoTracking()
                   join a in db.Alarms on e.AlarmId equals a.Id
                   select new AlarmRow
                   {
                       Id = e.Id, AlarmId = e.AlarmId, AtMs = e.AtMs, Kind = e.Kind, FromState = e.FromState, ToState = e.ToState, Value = e.Value,
                       Actor = e.Actor, Text = e.Text, RuleId = a.RuleId, TagsKey = a.TagsKey,
                   };
        if (scope.RuleIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(r => list.Contains(r.RuleId));
        }

        return new TimelineSource<AlarmRow>(TimelineKinds.Alarm, rows, r => r.AtMs, r => r.Id, async (page, ct) =>
        {
            var names = await RuleNamesAsync(db, page.Select(r => r.RuleId), ct);
            return [.. page.Select(r => new TimelineEvent(At(r.AtMs), TimelineKinds.Alarm, r.Id, Subject(names, r.RuleId, r.TagsKey), r.Actor, AlarmSummary(r), TimelineLinks.Alarm(r.AlarmId)))];
        });
    }

    // Classes with initialisers, not positional records: EF can filter and order on members it set by name.
    private sealed class AlarmRow
    {
        public long Id { get; init; }
        public long AlarmId { get; init; }
        public long AtMs { get; init; }
        public string Kind { get; init; } = "";
        public int? FromState { get; init; }
        public int? ToState { get; init; }
        public double? Value { get; init; }
        public string Actor { get; init; } = "";
        public string Text { get; init; } = "";
        public int RuleId { get; init; }
        public string TagsKey { get; init; } = "";
    }

    private static string AlarmSummary(AlarmRow r)
    {
        var what = r.Kind == "transition" && r.ToState is { } to
            ? $"{StateName(r.FromState)} → {StateName(to)}" + (r.Value is { } v ? $" at {v.ToString("G6", CultureInfo.InvariantCulture)}" : "")
            : r.Kind;
        return string.IsNullOrWhiteSpace(r.Text) ? what : $"{what}: {r.Text}";
    }

    private static string StateName(int? state) => state is { } s ? ((AlarmState)s).ToString().ToLowerInvariant() : "inactive";

    private static ITimelineSource Notifications(MonitorHubDbContext db, TimelineScope scope)
    {
        var delivered = (int)DeliveryStatus.Delivered;
        var failed = (int)DeliveryStatus.Failed;
        var rows = db.Notifications.AsNoTracking().Where(n => n.Status == delivered || n.Status == failed);
        if (scope.RuleIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(n => n.RuleId != null && list.Contains(n.RuleId.Value));
        }

        return new TimelineSource<NotificationEntity>(TimelineKinds.Notification, rows, n => n.CreatedAtMs, n => n.Id, async (page, ct) =>
        {
            var rules = await RuleNamesAsync(db, page.Where(n => n.RuleId is not null).Select(n => n.RuleId!.Value), ct);
            var channelIds = page.Select(n => n.ChannelId).Distinct().ToList();
            var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            return [.. page.Select(n =>
            {
                var channel = channels.GetValueOrDefault(n.ChannelId, $"channel {n.ChannelId}");
                var summary = n.Status == delivered ? $"Sent to {channel}" : $"Failed to reach {channel} after {n.Attempts} attempt(s)";
                var subject = n.RuleId is { } rule ? rules.GetValueOrDefault(rule, $"rule {rule}") : channel;
                return new TimelineEvent(At(n.CreatedAtMs), TimelineKinds.Notification, n.Id, subject, "monitorhub", summary, TimelineLinks.Channels);
            })];
        });
    }

    private static ITimelineSource Silences(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.Silences.AsNoTracking();
        if (scope.RuleIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(s => s.RuleId != null && list.Contains(s.RuleId.Value));
        }

        return new TimelineSource<SilenceEntity>(TimelineKinds.Silence, rows, s => s.StartsAtMs, s => s.Id, async (page, ct) =>
        {
            var names = await RuleNamesAsync(db, page.Where(s => s.RuleId is not null).Select(s => s.RuleId!.Value), ct);
            return [.. page.Select(s => new TimelineEvent(At(s.StartsAtMs), TimelineKinds.Silence, s.Id,
                s.RuleId is { } rule ? Subject(names, rule, s.TagsKey) : "all rules" + (s.TagsKey.Length > 0 ? $" {{{s.TagsKey}}}" : ""),
                s.CreatedBy, $"Silenced until {At(s.EndsAtMs):yyyy-MM-dd HH:mm} UTC: {s.Comment}", TimelineLinks.Silences))];
        });
    }

    private static ITimelineSource RuleVersions(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.Versions.AsNoTracking().Where(v => v.EntityType == VersionStore.Rule);
        if (scope.RuleIds is { } ids)
        {
            var keys = ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            rows = rows.Where(v => keys.Contains(v.EntityKey));
        }

        return new TimelineSource<VersionEntity>(TimelineKinds.Rule, rows, v => v.AtMs, v => v.Id, async (page, ct) =>
        {
            var ruleIds = page.Select(v => int.TryParse(v.EntityKey, CultureInfo.InvariantCulture, out var id) ? id : 0).ToList();
            var names = await RuleNamesAsync(db, ruleIds, ct);
            return [.. page.Select((v, i) => new TimelineEvent(At(v.AtMs), TimelineKinds.Rule, v.Id, names.GetValueOrDefault(ruleIds[i], $"rule {v.EntityKey}"),
                v.Author, VersionSummary(v), TimelineLinks.Rule(ruleIds[i])))];
        });
    }

    private static ITimelineSource MetricVersions(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.Versions.AsNoTracking().Where(v => v.EntityType == VersionStore.Metric);
        if (scope.MetricKeys is { } keys)
        {
            var list = keys.ToList();
            rows = rows.Where(v => list.Contains(v.EntityKey));
        }

        return new TimelineSource<VersionEntity>(TimelineKinds.Metric, rows, v => v.AtMs, v => v.Id, (page, _) =>
            Task.FromResult<IReadOnlyList<TimelineEvent>>([.. page.Select(v =>
                new TimelineEvent(At(v.AtMs), TimelineKinds.Metric, v.Id, v.EntityKey, v.Author, VersionSummary(v), TimelineLinks.Metric(v.EntityKey)))]));
    }

    /// <summary>An incident is in scope when one of its alarms' rules is.</summary>
    private static ITimelineSource Incidents(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.IncidentEvents.AsNoTracking();
        if (scope.RuleIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(e => db.IncidentAlarms.Any(m => m.IncidentId == e.IncidentId && db.Alarms.Any(a => a.Id == m.AlarmId && list.Contains(a.RuleId))));
        }

        return new TimelineSource<IncidentEventEntity>(TimelineKinds.Incident, rows, e => e.AtMs, e => e.Id, async (page, ct) =>
        {
            var incidentIds = page.Select(e => e.IncidentId).Distinct().ToList();
            var systems = await (from i in db.Incidents.AsNoTracking()
                                 join s in db.Systems on i.SystemId equals s.Id
                                 where incidentIds.Contains(i.Id)
                                 select new { i.Id, s.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
            return [.. page.Select(e => new TimelineEvent(At(e.AtMs), TimelineKinds.Incident, e.Id,
                $"Incident #{e.IncidentId.ToString(CultureInfo.InvariantCulture)}" + (systems.TryGetValue(e.IncidentId, out var system) ? $" in {system}" : ""),
                e.Actor, string.IsNullOrWhiteSpace(e.Text) ? e.Kind : $"{e.Kind}: {e.Text}", TimelineLinks.Incident(e.IncidentId)))];
        });
    }

    private static string VersionSummary(VersionEntity v) =>
        $"Version {v.Version}" + (string.IsNullOrWhiteSpace(v.Reason) ? "" : $": {v.Reason}");

    private static async Task<Dictionary<int, string>> RuleNamesAsync(MonitorHubDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return list.Count == 0 ? [] : await db.AlarmRules.AsNoTracking().Where(r => list.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
    }

    private static string Subject(Dictionary<int, string> ruleNames, int ruleId, string tagsKey) =>
        ruleNames.GetValueOrDefault(ruleId, $"rule {ruleId}") + (tagsKey.Length > 0 ? $" {{{tagsKey}}}" : "");

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
