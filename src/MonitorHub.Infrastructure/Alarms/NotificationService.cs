using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// Grouping: decides per (channel, rule) group whether to notify now (Alertmanager-style wait,
/// interval and repeat timers); silenced, acknowledged, flapping and inhibited (caused upstream) alarms are held back. What it
/// decides to send goes to the outbox (<see cref="NotificationDelivery"/>).
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<MonitorHubDbContext> contexts, SilenceStore silences, NotificationDelivery delivery, IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    private NotificationTiming Timing => new(
        TimeSpan.FromSeconds(options.Value.Notifications.GroupWaitSeconds),
        TimeSpan.FromSeconds(options.Value.Notifications.GroupIntervalSeconds),
        TimeSpan.FromSeconds(options.Value.Notifications.RepeatIntervalSeconds));

    /// <summary>The recurring dispatcher: decides per (channel, rule) group whether to send now.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rules = (await db.AlarmRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken)).Select(AlarmStore.ToRule).Where(r => r.Channels.Count > 0).ToList();
        if (rules.Count == 0) return 0;
        var channels = (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(cancellationToken)).ToDictionary(c => c.Id);
        var active = await silences.ActiveAsync(cancellationToken);
        var ruleIds = rules.Select(r => r.Id).ToList();
        var since = now.AddDays(-1).ToUnixTimeMilliseconds();
        var alarms = (await db.Alarms.AsNoTracking().Where(a => ruleIds.Contains(a.RuleId) && (a.ResolvedAtMs == null || a.ResolvedAtMs > since)).ToListAsync(cancellationToken))
            .ToLookup(a => a.RuleId);
        // Inhibition derived from the pipeline DAG: an alarm caused upstream, while the upstream one is
        // open, is held (the incident tracker decides and notes it in the alarm's timeline).
        var held = (await db.IncidentAlarms.AsNoTracking().Where(m => m.Held).Select(m => m.AlarmId).ToListAsync(cancellationToken)).ToHashSet();
        var groups = (await db.NotificationGroups.Where(g => ruleIds.Contains(g.RuleId)).ToListAsync(cancellationToken)).ToDictionary(g => (g.ChannelId, g.RuleId));
        var sent = 0;
        foreach (var rule in rules)
        {
            foreach (var channelId in rule.Channels.Where(channels.ContainsKey))
            {
                if (!groups.TryGetValue((channelId, rule.Id), out var group))
                {
                    group = new NotificationGroupEntity { ChannelId = channelId, RuleId = rule.Id };
                    db.NotificationGroups.Add(group);
                    groups[(channelId, rule.Id)] = group;
                }

                var notified = ParseIds(group.LastFingerprint);
                var included = alarms[rule.Id].Where(a =>
                        a.ResolvedAtMs is null
                            ? (AlarmState)a.State is AlarmState.Firing or AlarmState.NoData && !a.Flapping && !held.Contains(a.Id)
                              && !active.Any(s => s.Matches(rule.Id, rule.Severity, TagSet.Parse(a.TagsKey), now))
                            : notified.Contains(a.Id) && a.ResolvedAtMs > (group.LastSentAtMs ?? 0))
                    .ToList();
                var fingerprint = NotificationPlanner.Fingerprint(included.Select(a => (a.Id, (AlarmState)a.State)));
                var openFingerprint = NotificationPlanner.Fingerprint(included.Where(a => a.ResolvedAtMs is null).Select(a => (a.Id, (AlarmState)a.State)));
                if (fingerprint == (group.LastFingerprint ?? ""))
                {
                    group.FirstChangeAtMs = null;
                }
                else
                {
                    group.FirstChangeAtMs ??= now.ToUnixTimeMilliseconds();
                }

                var state = new NotificationGroupState(Time(group.FirstChangeAtMs), Time(group.LastSentAtMs), group.LastFingerprint);
                var anyFiring = included.Any(a => a.ResolvedAtMs is null);
                if (fingerprint.Length == 0 || !NotificationPlanner.ShouldSend(state, fingerprint, anyFiring, now, Timing))
                {
                    if (fingerprint.Length == 0) group.LastFingerprint = "";
                    continue;
                }

                NotifiedAlarm[] notifiedAlarms = [.. included.Select(a => new NotifiedAlarm(a.Id, (AlarmState)a.State, TagSet.Parse(a.TagsKey), a.Value, DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs)))];
                var kind = (ChannelKind)channels[channelId].Kind;
                group.LastSentAtMs = now.ToUnixTimeMilliseconds();
                group.LastFingerprint = openFingerprint;
                group.FirstChangeAtMs = null;
                await delivery.EnqueueAsync(db, channelId, rule.Id,
                    deliveryId => NotificationPlanner.Payload(kind, rule.Name, rule.Severity, notifiedAlarms, now, options.Value.PublicUrl.TrimEnd('/'), deliveryId), cancellationToken);
                sent++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    private static HashSet<long> ParseIds(string? fingerprint) =>
        [.. (fingerprint ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => long.Parse(p.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture))];

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
