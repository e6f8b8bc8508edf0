using System.Collections.Concurrent;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Caching;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace MonitorHub.Infrastructure.Tests.Cluster;

/// <summary>
/// Two in-process nodes on the test Redis. "Not twice" is checked with a marker sent back the other
/// way once the first message arrived: Redis delivers a channel's messages in order and the relay keeps
/// that order, so an echo or a re-send of the first message would have arrived before the marker.
/// </summary>
public sealed class RedisRelayTests
{
    // A bound on how long a broken relay may keep a test waiting, not a measurement.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SampleCommittedOnA_ReachesSubscriberOnB_Once_AndIsNotEchoedToA()
    {
        var redis = RedisServer.Require();
        await using var a = await RedisNode.StartAsync(redis);
        await using var b = await RedisNode.StartAsync(redis);
        var onA = new ReceivedSamples();
        var onB = new ReceivedSamples();
        using var subscriptionA = a.Live.Subscribe(LiveFeed.AllMetrics, onA.AddAsync);
        using var subscriptionB = b.Live.Subscribe(LiveFeed.AllMetrics, onB.AddAsync);
        var sent = new StoredSample(42, "from.a", TagSet.From([new("region", "eu"), new("host", "a=1,b")]), new DateTimeOffset(2026, 11, 26, 10, 0, 0, 123, TimeSpan.Zero), 0.25);

        a.Live.Publish([sent]);
        var arrived = await onB.WaitForAsync("from.a");
        b.Live.Publish([Sample("from.b")]);
        await onA.WaitForAsync("from.b");
        await onB.WaitForAsync("from.b");

        Assert.Equal((sent.SeriesId, sent.Metric, sent.Tags, sent.Timestamp, sent.Value), (arrived.SeriesId, arrived.Metric, arrived.Tags, arrived.Timestamp, arrived.Value));
        Assert.Equal(1, onA.Count("from.a"));
        Assert.Equal(1, onB.Count("from.a"));
        Assert.Equal(1, onA.Count("from.b"));
        Assert.Equal(1, onB.Count("from.b"));
    }

    [Fact]
    public async Task AlarmChangesOnA_ReachInboxFeedOnB_InOrder_AndAreNotEchoedToA()
    {
        var redis = RedisServer.Require();
        await using var a = await RedisNode.StartAsync(redis);
        await using var b = await RedisNode.StartAsync(redis);
        var onA = new ConcurrentQueue<AlarmView>();
        var onB = new ConcurrentQueue<AlarmView>();
        var resolvedOnB = new TaskCompletionSource();
        var markerOnA = new TaskCompletionSource();
        a.Alarms.Changed += views =>
        {
            foreach (var v in views) onA.Enqueue(v);
            if (views.Any(v => v.Id == 99)) markerOnA.TrySetResult();
        };
        b.Alarms.Changed += views =>
        {
            foreach (var v in views) onB.Enqueue(v);
            if (views.Any(v => v.State == AlarmState.Resolved)) resolvedOnB.TrySetResult();
        };

        a.Alarms.Publish([Alarm(1, AlarmState.Firing)]);
        a.Alarms.Publish([Alarm(1, AlarmState.Resolved)]);
        await resolvedOnB.Task.WaitAsync(Patience);
        b.Alarms.Publish([Alarm(99, AlarmState.Firing)]);
        await markerOnA.Task.WaitAsync(Patience);

        Assert.Equal([(1L, AlarmState.Firing), (1L, AlarmState.Resolved), (99L, AlarmState.Firing)], onB.Select(v => (v.Id, v.State)));
        Assert.Equal([(1L, AlarmState.Firing), (1L, AlarmState.Resolved), (99L, AlarmState.Firing)], onA.Select(v => (v.Id, v.State)));
        var received = onB.First();
        Assert.Equal(Alarm(1, AlarmState.Firing).Tags, received.Tags);
        Assert.Equal(Alarm(1, AlarmState.Firing).StartedAt, received.StartedAt);
    }

    [Fact]
    public async Task DeploymentChangeOnA_ReachesRouterFeedOnB_Once()
    {
        var redis = RedisServer.Require();
        await using var a = await RedisNode.StartAsync(redis);
        await using var b = await RedisNode.StartAsync(redis);
        var onB = new ConcurrentQueue<DeploymentChange>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Deployments.Changed += change =>
        {
            onB.Enqueue(change);
            arrived.TrySetResult();
        };
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var spec = new DeploymentSpec("ranker", DeploymentStrategy.Canary, "v7", "v8", [DeploymentStep.SetWeight(20), DeploymentStep.Pause()],
            new AnalysisSpec([new AnalysisMetricSpec("latency")], ["region"]));
        var deployment = new Deployment(5, spec, 99, DeploymentState.Progressing, 20, 1, at, 0, at, "eddie", at);
        var decision = new DeploymentDecision(at, DeploymentState.Pending, DeploymentState.Progressing, 20, 0, "eddie", "Started.");
        var run = new AnalysisRun(3, 5, at, at.AddMinutes(-5), at, AnalysisTrigger.Step, RunVerdict.Pass, double.NaN, ["ok"], [], null);

        a.Deployments.Publish(new DeploymentChange(deployment, [decision], run));
        await arrived.Task.WaitAsync(Patience);

        var change = Assert.Single(onB);
        Assert.Equal((5L, 20, DeploymentState.Progressing, 99L, "v8", 2), (change.Deployment.Id, change.Deployment.Weight, change.Deployment.State, change.Deployment.Salt, change.Deployment.Spec.Candidate, change.Deployment.Spec.Steps.Count));
        Assert.Equal(decision, Assert.Single(change.Decisions));
        Assert.True(double.IsNaN(change.Run!.Score!.Value));
    }

    [Fact]
    public async Task InvalidationOnA_MakesCacheOnBReload_AndRunsOnceOnA()
    {
        var redis = RedisServer.Require();
        await using var a = await RedisNode.StartAsync(redis);
        await using var b = await RedisNode.StartAsync(redis);
        var loads = 0;
        var cacheOnB = b.Invalidations.Register(CacheNames.Models, new VersionedSnapshot<int>());
        async Task<int> ReadOnB() => await cacheOnB.GetAsync(_ => Task.FromResult(Interlocked.Increment(ref loads)), CancellationToken.None);
        var seenOnB = new TaskCompletionSource();
        b.Invalidations.On(CacheNames.Models, () => seenOnB.TrySetResult());
        var runsOnA = 0;
        a.Invalidations.On(CacheNames.Models, () => Interlocked.Increment(ref runsOnA));
        var markerOnA = new TaskCompletionSource();
        a.Invalidations.On("marker", () => markerOnA.TrySetResult());
        Assert.Equal(1, await ReadOnB());
        Assert.Equal(1, await ReadOnB());

        a.Invalidations.Invalidate(CacheNames.Models);
        await seenOnB.Task.WaitAsync(Patience);
        b.Invalidations.Invalidate("marker");
        await markerOnA.Task.WaitAsync(Patience);

        Assert.Equal(2, await ReadOnB());
        Assert.Equal(1, runsOnA);
    }

    [Fact]
    public async Task NodeThatLostItsSubscription_DropsItsCaches_WhenItIsBack()
    {
        var redis = RedisServer.Require();
        await using var node = await RedisNode.StartAsync(redis);
        var loads = 0;
        var cache = node.Invalidations.Register(CacheNames.ApiKeys, new VersionedSnapshot<int>());
        async Task<int> Read() => await cache.GetAsync(_ => Task.FromResult(Interlocked.Increment(ref loads)), CancellationToken.None);
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Invalidations.On(CacheNames.ApiKeys, () => dropped.TrySetResult());
        Assert.Equal(1, await Read());

        // The server closes every pub/sub connection; an invalidation sent meanwhile would have been lost.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true"))
        {
            var server = admin.GetServer(admin.GetEndPoints()[0]);
            await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        }

        await dropped.Task.WaitAsync(Patience);
        Assert.Equal(2, await Read());
    }

    [Fact]
    public async Task WithoutRedis_NothingIsConnected_AndInvalidationsStayInProcess()
    {
        await using var node = await RedisNode.StartAsync(null);
        var runs = 0;
        node.Invalidations.On(CacheNames.ApiKeys, () => runs++);

        node.Invalidations.Invalidate(CacheNames.ApiKeys);

        Assert.Null(node.Services.GetService<IConnectionMultiplexer>());
        Assert.DoesNotContain(node.Services.GetServices<IHostedService>(), s => s is RedisRelay);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task LocalSubscribers_StillGetLocalSamples_WhenRedisRelays()
    {
        await using var node = await RedisNode.StartAsync(RedisServer.Require());
        var received = new ReceivedSamples();
        using var subscription = node.Live.Subscribe(new HashSet<string> { "local" }, received.AddAsync);

        node.Live.Publish([Sample("local"), Sample("other")]);
        await received.WaitForAsync("local");

        Assert.Equal(1, received.Count("local"));
        Assert.Equal(0, received.Count("other"));
        // The relay's outbound subscription wants every metric: the writer builds live copies for other nodes.
        Assert.True(node.Live.IsWatched("anything"));
    }

    private static StoredSample Sample(string metric) => new(1, metric, TagSet.Empty, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), 1);

    private static AlarmView Alarm(long id, AlarmState state) => new(
        id, 7, "latency", "api.latency", Severity.Critical, state, TagSet.From([new("region", "eu")]), 1.5,
        new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), null, null, null, null, null, Flapping: false);

    private sealed class ReceivedSamples
    {
        private readonly ConcurrentQueue<StoredSample> _all = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource<StoredSample>> _first = new();

        public Task AddAsync(IReadOnlyList<StoredSample> samples)
        {
            foreach (var s in samples)
            {
                _all.Enqueue(s);
                _first.GetOrAdd(s.Metric, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(s);
            }

            return Task.CompletedTask;
        }

        public Task<StoredSample> WaitForAsync(string metric) =>
            _first.GetOrAdd(metric, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Patience);

        public int Count(string metric) => _all.Count(s => s.Metric == metric);
    }
}
