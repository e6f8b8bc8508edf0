using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// The outbox and its delivery. A notification is written to the <c>notifications</c> table first and
/// only then handed to Hangfire, so Hangfire's storage holds scheduling state alone; a relay re-enqueues
/// rows whose job was lost between the two stores. Every payload carries a delivery id (also in
/// <c>X-MonitorHub-Delivery</c>) so a receiver can drop the duplicate a relay may cause, and the signed
/// material includes a timestamp so a captured request cannot be replayed later. Deliveries run on
/// their own Hangfire queue, at most <see cref="MaxConcurrentPerChannel"/> at a time per channel, so a
/// receiver that hangs cannot take the workers that evaluate rules or serve other channels.
/// </summary>
public sealed partial class NotificationDelivery(
    IDbContextFactory<MonitorHubDbContext> contexts, IBackgroundJobClient jobs, IHttpClientFactory http, TimeProvider clock, ILogger<NotificationDelivery> logger, ServiceMetrics metrics)
{
    public const string HttpClientName = "notifications";
    public const string DeliveryHeader = "X-MonitorHub-Delivery";
    public const string TimestampHeader = WebhookSignature.TimestampHeader;
    public const int MaxAttempts = 5;
    public const int MaxConcurrentPerChannel = 2;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);

    /// <summary>Rows whose job has not run for this long are re-enqueued by the relay.</summary>
    public static readonly TimeSpan RelayAfter = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan BusyChannelDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _channelSlots = new();
    private readonly ConcurrentDictionary<long, Task<DeliveryStatus>> _inFlight = new();

    /// <summary>Writes the outbox row (the caller commits it), then schedules its delivery.</summary>
    public async Task<long> EnqueueAsync(MonitorHubDbContext db, int channelId, int? ruleId, Func<string, string> payload, CancellationToken cancellationToken)
    {
        var id = await AddAsync(db, channelId, ruleId, payload, cancellationToken);
        Schedule(id);
        return id;
    }

    /// <summary>Schedules a row written by <see cref="AddAsync"/>, once its transaction has committed: an attempt that
    /// ran before would not find it (the relay would still send it, a minute later).</summary>
    public void Schedule(long notificationId) => jobs.Enqueue<NotificationDelivery>(d => d.DeliverAsync(notificationId, CancellationToken.None));

    /// <summary>Writes the outbox row inside the caller's transaction, without scheduling it (see <see cref="Schedule"/>).</summary>
    public async Task<long> AddAsync(MonitorHubDbContext db, int channelId, int? ruleId, Func<string, string> payload, CancellationToken cancellationToken)
    {
        var deliveryId = Guid.NewGuid().ToString("N");
        var row = new NotificationEntity
        {
            ChannelId = channelId, RuleId = ruleId, DeliveryId = deliveryId, Payload = payload(deliveryId), CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.Notifications.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>One delivery attempt (a Hangfire job); failures reschedule with exponential backoff.</summary>
    [Queue(JobQueues.Deliveries)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<DeliveryStatus> DeliverAsync(long notificationId, CancellationToken cancellationToken)
    {
        // A duplicate (a relayed job, or a second trigger) of a delivery in progress here never sends
        // twice: it waits for that attempt and reports its outcome. It used to return "pending" at
        // once, which told a caller nothing about the attempt that was running.
        var mine = new TaskCompletionSource<DeliveryStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _inFlight.GetOrAdd(notificationId, mine.Task);
        if (running != mine.Task) return await running.WaitAsync(cancellationToken);
        try
        {
            var status = await AttemptAsync(notificationId, cancellationToken);
            mine.SetResult(status);
            return status;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            _ = mine.Task.Exception; // observed here; the waiting duplicate (if any) rethrows it
            throw;
        }
        finally
        {
            _inFlight.TryRemove(notificationId, out _);
        }
    }

    private async Task<DeliveryStatus> AttemptAsync(long notificationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Notifications.SingleOrDefaultAsync(n => n.Id == notificationId, cancellationToken);
        if (row is null || (DeliveryStatus)row.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed) return (DeliveryStatus?)row?.Status ?? DeliveryStatus.Failed;
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == row.ChannelId, cancellationToken);

        var slots = _channelSlots.GetOrAdd(channel.Id, _ => new SemaphoreSlim(MaxConcurrentPerChannel));
        if (!await slots.WaitAsync(0, cancellationToken))
        {
            // The channel is saturated (a slow or hung receiver): try again shortly, without using an attempt.
            jobs.Schedule<NotificationDelivery>(d => d.DeliverAsync(notificationId, CancellationToken.None), BusyChannelDelay);
            return (DeliveryStatus)row.Status;
        }

        string? error;
        try
        {
            row.Attempts++;
            error = await SendAsync(channel, row, cancellationToken);
        }
        finally
        {
            slots.Release();
        }

        var now = clock.GetUtcNow();
        if (cancellationToken.IsCancellationRequested)
        {
            // Shutdown cut the attempt short: it does not count, and the relay resumes it after the restart.
            row.Attempts--;
            row.NextAttemptAtMs = now.ToUnixTimeMilliseconds();
        }
        else if (error is null)
        {
            row.Status = (int)DeliveryStatus.Delivered;
            row.DeliveredAtMs = now.ToUnixTimeMilliseconds();
            row.NextAttemptAtMs = null;
            LogDelivered(row.Id, channel.Id, row.Attempts, row.DeliveryId);
        }
        else if (row.Attempts >= MaxAttempts)
        {
            row.Status = (int)DeliveryStatus.Failed;
            row.NextAttemptAtMs = null;
            LogGaveUp(row.Id, channel.Id, row.Attempts, error);
        }
        else
        {
            var delay = FirstRetry * Math.Pow(2, row.Attempts - 1);
            row.Status = (int)DeliveryStatus.Retrying;
            row.NextAttemptAtMs = now.Add(delay).ToUnixTimeMilliseconds();
            jobs.Schedule<NotificationDelivery>(d => d.DeliverAsync(notificationId, CancellationToken.None), delay);
            LogRetrying(row.Id, channel.Id, row.Attempts, error);
        }

        if (!cancellationToken.IsCancellationRequested) metrics.NotificationDeliveries.WithLabels(((DeliveryStatus)row.Status).ToString().ToLowerInvariant()).Inc();
        row.LastError = error;
        // The outcome is recorded even when shutdown cancelled the attempt, so the relay resumes it.
        await db.SaveChangesAsync(CancellationToken.None);
        return (DeliveryStatus)row.Status;
    }

    private async Task<string?> SendAsync(ChannelEntity channel, NotificationEntity row, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new StringContent(row.Payload, Encoding.UTF8, "application/json") };
            request.Headers.Add(DeliveryHeader, row.DeliveryId);
            if ((ChannelKind)channel.Kind == ChannelKind.Webhook) WebhookSignature.Add(request.Headers, channel.Secret, row.Payload, clock.GetUtcNow());

            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Only the first line: inner exceptions may repeat the URL, which for Slack is the secret.
            return ErrorText.FirstLine(ex.Message);
        }
    }

    /// <summary>Re-enqueues pending or retrying rows whose job should have run more than a minute ago
    /// (lost between MonitorHub's table and Hangfire's storage, e.g. by a crash).</summary>
    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RelayAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = (clock.GetUtcNow() - RelayAfter).ToUnixTimeMilliseconds();
        var stale = await db.Notifications.AsNoTracking()
            .Where(n => (n.Status == (int)DeliveryStatus.Pending || n.Status == (int)DeliveryStatus.Retrying) && (n.NextAttemptAtMs ?? n.CreatedAtMs) < before)
            .OrderBy(n => n.Id).Select(n => n.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var id in stale) jobs.Enqueue<NotificationDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
        if (stale.Count > 0) LogRelayed(stale.Count);
        return stale.Count;
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Notification {NotificationId} delivered to channel {ChannelId} (attempt {Attempt}, delivery {DeliveryId})")]
    private partial void LogDelivered(long notificationId, int channelId, int attempt, string deliveryId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Notification {NotificationId} to channel {ChannelId} failed (attempt {Attempt}): {Error}; retrying")]
    private partial void LogRetrying(long notificationId, int channelId, int attempt, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Notification {NotificationId} to channel {ChannelId} failed {Attempts} times: {Error}; giving up")]
    private partial void LogGaveUp(long notificationId, int channelId, int attempts, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Relayed {Count} notification(s) whose delivery job was missing")]
    private partial void LogRelayed(int count);
}
