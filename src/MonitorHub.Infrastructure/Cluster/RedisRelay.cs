using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Live;
using StackExchange.Redis;

namespace MonitorHub.Infrastructure.Cluster;

/// <summary>
/// Carries what one node's in-process feeds publish to every other node over Redis pub/sub: committed
/// samples (so a chart open on B shows a sample ingested on A), alarm changes (every inbox), deployment
/// changes (every node's router and pages) and cache invalidations (a revoked key, a privacy rule). Each message names its sender; a node drops its own
/// when Redis hands them back, so subscribers see everything exactly once. Samples go out through an
/// outbound feed subscription, so they leave at most once per feed interval per node, as one message
/// (split past <see cref="MaxSamplesPerMessage"/>), and a peer's samples are never sent on again.
/// </summary>
public sealed partial class RedisRelay(
    IConnectionMultiplexer redis, ClusterNode node, LiveFeed live, AlarmFeed alarms, DeploymentFeed deployments, ClusterInvalidations invalidations,
    ILogger<RedisRelay> logger)
    : IHostedService
{
    public static readonly RedisChannel LiveChannel = RedisChannel.Literal("monitorhub:live");
    public static readonly RedisChannel AlarmChannel = RedisChannel.Literal("monitorhub:alarms");
    public static readonly RedisChannel InvalidationChannel = RedisChannel.Literal("monitorhub:invalidate");
    public static readonly RedisChannel DeploymentChannel = RedisChannel.Literal("monitorhub:deployments");
    public const int MaxSamplesPerMessage = 5_000;

    private readonly ILogger _logger = logger;
    private IDisposable? _outbound;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        // Subscribed before anything is sent, so a node that is up has seen every message published after it.
        // A queue per channel delivers in the order sent (an alarm's "firing" before its "resolved").
        (await subscriber.SubscribeAsync(LiveChannel)).OnMessage(m => Receive(m.Message, ClusterJson.Default.LiveMessage, x => x.Node, x => live.PublishFromPeer(x.Samples)));
        (await subscriber.SubscribeAsync(AlarmChannel)).OnMessage(m => Receive(m.Message, ClusterJson.Default.AlarmMessage, x => x.Node, x => alarms.PublishFromPeer(x.Alarms)));
        (await subscriber.SubscribeAsync(InvalidationChannel)).OnMessage(m => Receive(m.Message, ClusterJson.Default.InvalidationMessage, x => x.Node, x => invalidations.ApplyFromPeer(x.Cache)));
        (await subscriber.SubscribeAsync(DeploymentChannel)).OnMessage(m => Receive(m.Message, ClusterJson.Default.DeploymentMessage, x => x.Node, x => deployments.PublishFromPeer(x.Change)));
        redis.ConnectionRestored += OnConnectionRestored;
        _outbound = live.SubscribeOutbound(SendSamplesAsync);
        alarms.ChangedHere += SendAlarms;
        deployments.ChangedHere += SendDeployment;
        invalidations.RaisedHere += SendInvalidation;
        LogStarted(node.Id);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _outbound?.Dispose();
        redis.ConnectionRestored -= OnConnectionRestored;
        alarms.ChangedHere -= SendAlarms;
        deployments.ChangedHere -= SendDeployment;
        invalidations.RaisedHere -= SendInvalidation;
        var subscriber = redis.GetSubscriber();
        foreach (var channel in (RedisChannel[])[LiveChannel, AlarmChannel, InvalidationChannel, DeploymentChannel])
        {
            await subscriber.UnsubscribeAsync(channel);
        }
    }

    // Invalidations sent while this node's subscription was down are lost (pub/sub keeps nothing): once it
    // is back, every cache that other nodes could have invalidated is dropped here.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription) return;
        LogReconnected();
        invalidations.ApplyAllFromPeer();
    }

    private async Task SendSamplesAsync(IReadOnlyList<StoredSample> samples)
    {
        var subscriber = redis.GetSubscriber();
        for (var offset = 0; offset < samples.Count; offset += MaxSamplesPerMessage)
        {
            var part = offset == 0 && samples.Count <= MaxSamplesPerMessage ? samples : samples.Skip(offset).Take(MaxSamplesPerMessage).ToList();
            var payload = JsonSerializer.SerializeToUtf8Bytes(new LiveMessage(node.Id, part), ClusterJson.Default.LiveMessage);
            try
            {
                await subscriber.PublishAsync(LiveChannel, payload);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Live copies are best effort (a chart catches up on its next query); ingestion is not held up.
                LogSendFailed(ex, "samples");
                return;
            }
        }
    }

    private void SendAlarms(IReadOnlyList<AlarmView> changed) =>
        Send(AlarmChannel, JsonSerializer.SerializeToUtf8Bytes(new AlarmMessage(node.Id, changed), ClusterJson.Default.AlarmMessage), "alarms");

    private void SendDeployment(DeploymentChange change) =>
        Send(DeploymentChannel, JsonSerializer.SerializeToUtf8Bytes(new DeploymentMessage(node.Id, change), ClusterJson.Default.DeploymentMessage), "a deployment change");

    private void SendInvalidation(string cache) =>
        Send(InvalidationChannel, JsonSerializer.SerializeToUtf8Bytes(new InvalidationMessage(node.Id, cache), ClusterJson.Default.InvalidationMessage), "an invalidation");

    // Called from the store's thread after its commit: queued to Redis, never awaited by the request.
    private void Send(RedisChannel channel, byte[] payload, string what)
    {
        try
        {
            redis.GetSubscriber().Publish(channel, payload, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSendFailed(ex, what);
        }
    }

    private void Receive<T>(RedisValue message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<T, string> sender, Action<T> deliver)
    {
        T? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize((byte[])message!, type);
        }
        catch (JsonException ex)
        {
            // Another version of MonitorHub, or something else publishing on our channel: skip it.
            LogUnreadable(ex);
            return;
        }

        if (parsed is null || sender(parsed) == node.Id) return;
        try
        {
            deliver(parsed);
        }
#pragma warning disable CA1031 // A failing subscriber must not end this node's subscription to the channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(ex);
        }
    }

    [LoggerMessage(EventId = 1150, Level = LogLevel.Information, Message = "Relaying the live feed, alarms and invalidations through Redis as node {Node}")]
    private partial void LogStarted(string node);

    [LoggerMessage(EventId = 1154, Level = LogLevel.Warning, Message = "Reconnected to Redis: dropping every cache other nodes could have invalidated meanwhile")]
    private partial void LogReconnected();

    [LoggerMessage(EventId = 1151, Level = LogLevel.Warning, Message = "Could not send {What} to the other nodes through Redis")]
    private partial void LogSendFailed(Exception exception, string what);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "Skipped a message on a MonitorHub Redis channel that could not be read")]
    private partial void LogUnreadable(Exception exception);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Warning, Message = "Delivering a message from another node failed")]
    private partial void LogDeliveryFailed(Exception exception);
}
