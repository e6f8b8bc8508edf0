using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Alarms;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Retrying,
    Failed,
}

public sealed record DeliveryView(long Id, int ChannelId, int? RuleId, DateTimeOffset CreatedAt, DeliveryStatus Status, int Attempts, string? LastError, DateTimeOffset? DeliveredAt);

/// <summary>
/// Channels, grouping and delivery. A notification is first written to the outbox table and only
/// then handed to Hangfire, so Hangfire's storage holds scheduling state alone. Delivery retries with
/// exponential backoff; silenced, acknowledged and flapping alarms are held back.
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, SilenceStore silences, IBackgroundJobClient jobs,
    IHttpClientFactory http, IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private NotificationTiming Timing => new(
        TimeSpan.FromSeconds(options.Value.Notifications.GroupWaitSeconds),
        TimeSpan.FromSeconds(options.Value.Notifications.GroupIntervalSeconds),
        TimeSpan.FromSeconds(options.Value.Notifications.RepeatIntervalSeconds));

    public async Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. (await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ToChannel)];
    }

    public async Task<(Channel? Channel, IReadOnlyList<ValidationIssue> Issues)> CreateChannelAsync(Channel draft, string actor, CancellationToken cancellationToken = default)
    {
        var issues = Channel.Validate(draft);
        if (issues.Count > 0) return (null, issues);
        var secret = draft.Secret.Length > 0 ? draft.Secret : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ChannelEntity { Name = draft.Name.Trim(), Kind = (int)draft.Kind, Url = draft.Url, Secret = secret, Enabled = draft.Enabled };
        db.Channels.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var channel = ToChannel(row);
        // The secret never enters the audit log.
        await audit.RecordAsync(actor, "create", "channel", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, channel with { Secret = "***" }, cancellationToken);
        return (channel, []);
    }

    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(int? channelId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking();
        if (channelId is { } id) query = query.Where(n => n.ChannelId == id);
        var rows = await query.OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new DeliveryView(n.Id, n.ChannelId, n.RuleId, DateTimeOffset.FromUnixTimeMilliseconds(n.CreatedAtMs), (DeliveryStatus)n.Status,
            n.Attempts, n.LastError, n.DeliveredAtMs is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null))];
    }

    /// <summary>Queues a test message to a channel; null when the channel does not exist.</summary>
    public async Task<long?> SendTestAsync(int channelId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null) return null;
        var payload = NotificationPlanner.Payload((ChannelKind)channel.Kind, $"Test notification from {actor}", Severity.Info, [], clock.GetUtcNow(), options.Value.PublicUrl.TrimEnd('/'));
        return await EnqueueAsync(db, channelId, null, payload, cancellationToken);
    }

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
                            ? (AlarmState)a.State is AlarmState.Firing or AlarmState.NoData && !a.Flapping
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

                var payload = NotificationPlanner.Payload((ChannelKind)channels[channelId].Kind, rule.Name, rule.Severity,
                    [.. included.Select(a => new NotifiedAlarm(a.Id, (AlarmState)a.State, TagSet.Parse(a.TagsKey), a.Value, DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs)))],
                    now, options.Value.PublicUrl.TrimEnd('/'));
                group.LastSentAtMs = now.ToUnixTimeMilliseconds();
                group.LastFingerprint = openFingerprint;
                group.FirstChangeAtMs = null;
                await EnqueueAsync(db, channelId, rule.Id, payload, cancellationToken);
                sent++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    /// <summary>One delivery attempt (a Hangfire job); failures reschedule with exponential backoff.</summary>
    public async Task<DeliveryStatus> DeliverAsync(long notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Notifications.SingleOrDefaultAsync(n => n.Id == notificationId, cancellationToken);
        if (row is null || (DeliveryStatus)row.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed) return (DeliveryStatus?)row?.Status ?? DeliveryStatus.Failed;
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == row.ChannelId, cancellationToken);

        row.Attempts++;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new StringContent(row.Payload, Encoding.UTF8, "application/json") };
            if ((ChannelKind)channel.Kind == ChannelKind.Webhook) request.Headers.Add(Channel.SignatureHeader, Channel.Sign(channel.Secret, row.Payload));
            using var response = await http.CreateClient(nameof(NotificationService)).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error = ex.Message;
        }

        var now = clock.GetUtcNow();
        if (error is null)
        {
            row.Status = (int)DeliveryStatus.Delivered;
            row.DeliveredAtMs = now.ToUnixTimeMilliseconds();
            row.NextAttemptAtMs = null;
        }
        else if (row.Attempts >= MaxAttempts)
        {
            row.Status = (int)DeliveryStatus.Failed;
            row.NextAttemptAtMs = null;
        }
        else
        {
            var delay = FirstRetry * Math.Pow(2, row.Attempts - 1);
            row.Status = (int)DeliveryStatus.Retrying;
            row.NextAttemptAtMs = now.Add(delay).ToUnixTimeMilliseconds();
            jobs.Schedule<NotificationService>(s => s.DeliverAsync(notificationId, CancellationToken.None), delay);
        }

        row.LastError = error;
        await db.SaveChangesAsync(cancellationToken);
        return (DeliveryStatus)row.Status;
    }

    private async Task<long> EnqueueAsync(MonitorHubDbContext db, int channelId, int? ruleId, string payload, CancellationToken cancellationToken)
    {
        var row = new NotificationEntity { ChannelId = channelId, RuleId = ruleId, Payload = payload, CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        db.Notifications.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<NotificationService>(s => s.DeliverAsync(row.Id, CancellationToken.None));
        return row.Id;
    }

    private static HashSet<long> ParseIds(string? fingerprint) =>
        [.. (fingerprint ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => long.Parse(p.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture))];

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private static Channel ToChannel(ChannelEntity c) => new(c.Id, c.Name, (ChannelKind)c.Kind, c.Url, c.Secret, c.Enabled);
}
