using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Live;

/// <summary>
/// In-process fan-out of committed samples. Each subscriber gets its own buffer and is called at
/// most once per <see cref="MinInterval"/> with everything that arrived meanwhile, so a burst of
/// ingestion becomes one UI update rather than thousands. Publishing never blocks the writer: a
/// subscriber that falls far behind loses its oldest points, not the writer's throughput.
/// </summary>
public sealed partial class LiveFeed(TimeProvider clock, ILogger<LiveFeed> logger)
{
    private readonly ILogger _logger = logger;

    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private const int SubscriberBuffer = 50_000;

    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Length;

    public static readonly Func<string, bool> AllMetrics = static _ => true;

    /// <summary>Subscribes to samples of <paramref name="metricKeys"/>.</summary>
    public IDisposable Subscribe(IReadOnlySet<string> metricKeys, Func<IReadOnlyList<StoredSample>, Task> handler) =>
        Subscribe(metricKeys.Contains, handler);

    /// <summary>Subscribes to samples of <paramref name="metricKeys"/>, called at most once per
    /// <paramref name="interval"/> (at least <see cref="MinInterval"/>): a chart that re-reads its
    /// buckets on each call asks for a slower pace than a headline number.</summary>
    public IDisposable Subscribe(IReadOnlySet<string> metricKeys, TimeSpan interval, Func<IReadOnlyList<StoredSample>, Task> handler) =>
        Subscribe(metricKeys.Contains, handler, interval);

    /// <summary>Subscribes to samples whose metric passes <paramref name="wants"/>, which may change
    /// its answer over time (the hub bridge follows its clients' subscriptions this way).</summary>
    public IDisposable Subscribe(Func<string, bool> wants, Func<IReadOnlyList<StoredSample>, Task> handler, TimeSpan? interval = null) =>
        Subscribe(wants, handler, interval, outbound: false);

    /// <summary>Subscribes to every sample committed on this node, but not to those other nodes sent
    /// (<see cref="PublishFromPeer"/>): the Redis relay forwards these, throttled like any subscriber,
    /// and must not send a peer's samples back out.</summary>
    public IDisposable SubscribeOutbound(Func<IReadOnlyList<StoredSample>, Task> handler) =>
        Subscribe(AllMetrics, handler, interval: null, outbound: true);

    private Subscription Subscribe(Func<string, bool> wants, Func<IReadOnlyList<StoredSample>, Task> handler, TimeSpan? interval, bool outbound)
    {
        var pace = interval is { } requested && requested > MinInterval ? requested : MinInterval;
        var subscription = new Subscription(this, wants, handler, pace, outbound);
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
        subscription.Start(clock);
        return subscription;
    }

    /// <summary>Whether any subscriber wants this metric; the writer skips building live copies otherwise.</summary>
    public bool IsWatched(string metric)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Wants(metric)) return true;
        }

        return false;
    }

    /// <summary>Samples committed on this node: to every subscriber, the relay to other nodes included.</summary>
    public void Publish(IReadOnlyList<StoredSample> samples) => Offer(samples, fromPeer: false);

    /// <summary>Samples another node committed and sent through Redis: to this node's subscribers only.</summary>
    public void PublishFromPeer(IReadOnlyList<StoredSample> samples) => Offer(samples, fromPeer: true);

    private void Offer(IReadOnlyList<StoredSample> samples, bool fromPeer)
    {
        if (samples.Count == 0) return;
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!(fromPeer && subscription.Outbound)) subscription.Offer(samples);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
    }

    private sealed class Subscription(LiveFeed feed, Func<string, bool> wants, Func<IReadOnlyList<StoredSample>, Task> handler, TimeSpan pace, bool outbound) : IDisposable
    {
        public bool Outbound => outbound;

        private readonly Channel<StoredSample> _buffer = Channel.CreateBounded<StoredSample>(
            new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        private readonly CancellationTokenSource _stop = new();

        public void Offer(IReadOnlyList<StoredSample> samples)
        {
            foreach (var sample in samples)
            {
                if (wants(sample.Metric)) _buffer.Writer.TryWrite(sample);
            }
        }

        public bool Wants(string metric) => wants(metric);

        public void Start(TimeProvider clock) => _ = Task.Run(() => PumpAsync(clock));

        public void Dispose()
        {
            feed.Remove(this);
            _buffer.Writer.TryComplete();
            _stop.Cancel();
        }

        private async Task PumpAsync(TimeProvider clock)
        {
            var reader = _buffer.Reader;
            try
            {
                while (await reader.WaitToReadAsync(_stop.Token))
                {
                    var batch = new List<StoredSample>();
                    while (reader.TryRead(out var sample)) batch.Add(sample);
                    try
                    {
                        await handler(batch);
                    }
#pragma warning disable CA1031 // A failing page must not stop the feed for itself; it just misses this push.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        LogHandlerFailed(feed._logger, ex, batch.Count);
                    }

                    await Task.Delay(pace, clock, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "A live subscriber failed to handle {Samples} sample(s); it misses this push")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, int samples);
}
