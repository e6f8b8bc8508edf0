using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
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

/// <summary>A test send: queued (<see cref="NotificationId"/>), or refused for <see cref="RetryAfter"/>.</summary>
public sealed record TestSend(long? NotificationId, TimeSpan? RetryAfter);

/// <summary>
/// Notification channels and their delivery log. A channel's secret — the webhook signing key, and for
/// Slack the incoming-webhook URL itself, which is all it takes to post into the channel — is shown
/// once at creation and never again: not in listings, not in the audit log, not in logs.
/// </summary>
public sealed class ChannelStore(
    IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, NotificationDelivery delivery, OutboundPolicy outbound,
    IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    /// <summary>Test sends per channel per minute; more answer 429 (a test is a click, not a load generator).</summary>
    public const int TestsPerMinute = 5;

    private readonly ConcurrentDictionary<int, Queue<DateTimeOffset>> _tests = new();

    public async Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. (await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ToChannel)];
    }

    public async Task<StoreResult<Channel>> CreateChannelAsync(Channel draft, string actor, CancellationToken cancellationToken = default)
    {
        var issues = Channel.Validate(draft);
        if (issues.Count == 0 && outbound.Check(new Uri(draft.Url)) is { } refused) issues.Add(new(null, "url", refused));
        if (issues.Count > 0) return StoreResult<Channel>.Invalid(issues);
        var secret = draft.Secret.Length > 0 ? draft.Secret : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ChannelEntity { Name = draft.Name.Trim(), Kind = (int)draft.Kind, Url = draft.Url, Secret = secret, Enabled = draft.Enabled };
        db.Channels.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var channel = ToChannel(row);
        await audit.RecordAsync(actor, "create", "channel", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, Masked(channel), cancellationToken);
        return StoreResult<Channel>.Ok(channel);
    }

    /// <summary>What may be shown after creation: no signing secret, and only the host of a Slack URL.</summary>
    public static Channel Masked(Channel channel) => channel with
    {
        Secret = "***",
        Url = channel.Kind == ChannelKind.Slack && Uri.TryCreate(channel.Url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}/***" : channel.Url,
    };

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
    public async Task<TestSend?> SendTestAsync(int channelId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null) return null;
        if (TakeTestSlot(channelId) is { } wait) return new TestSend(null, wait);
        var baseUrl = options.Value.PublicUrl.TrimEnd('/');
        var now = clock.GetUtcNow();
        var id = await delivery.EnqueueAsync(db, channelId, null,
            deliveryId => NotificationPlanner.Payload((ChannelKind)channel.Kind, $"Test notification from {actor}", Severity.Info, [], now, baseUrl, deliveryId), cancellationToken);
        return new TestSend(id, null);
    }

    /// <summary>A sliding minute per channel; null when a test may go now, else how long to wait.</summary>
    private TimeSpan? TakeTestSlot(int channelId)
    {
        var now = clock.GetUtcNow();
        var sent = _tests.GetOrAdd(channelId, _ => new Queue<DateTimeOffset>());
        lock (sent)
        {
            while (sent.Count > 0 && now - sent.Peek() >= TimeSpan.FromMinutes(1)) sent.Dequeue();
            if (sent.Count >= TestsPerMinute) return sent.Peek().AddMinutes(1) - now;
            sent.Enqueue(now);
            return null;
        }
    }

    private static Channel ToChannel(ChannelEntity c) => new(c.Id, c.Name, (ChannelKind)c.Kind, c.Url, c.Secret, c.Enabled);
}
