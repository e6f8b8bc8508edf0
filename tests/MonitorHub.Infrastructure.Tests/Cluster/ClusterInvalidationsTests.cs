using Microsoft.Extensions.Time.Testing;
using MonitorHub.Infrastructure.Caching;
using MonitorHub.Infrastructure.Cluster;

namespace MonitorHub.Infrastructure.Tests.Cluster;

public sealed class ClusterInvalidationsTests
{
    [Fact]
    public async Task Caches_AreInvalidatedBeforeOtherHandlersRun_WhicheverRegisteredFirst()
    {
        var invalidations = new ClusterInvalidations(new FakeTimeProvider());
        var loads = 0;
        var seenByHandler = -1;
        VersionedSnapshot<int>? cache = null;
        // Registered before the cache: the handler re-reads, as hub revalidation does after a revocation.
        invalidations.On(CacheNames.ApiKeys, () => seenByHandler = cache!.GetAsync(_ => Task.FromResult(++loads), CancellationToken.None).AsTask().Result);
        cache = invalidations.Register(CacheNames.ApiKeys, new VersionedSnapshot<int>());
        Assert.Equal(1, await cache.GetAsync(_ => Task.FromResult(++loads), CancellationToken.None));

        invalidations.Invalidate(CacheNames.ApiKeys);

        Assert.Equal(2, seenByHandler);
    }

    [Fact]
    public void DisposedHandler_NoLongerRuns_AndTheLastRunIsRemembered()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var invalidations = new ClusterInvalidations(clock);
        var runs = 0;
        var registration = invalidations.On(CacheNames.Users, () => runs++);
        Assert.Null(invalidations.LastRun(CacheNames.Users));

        invalidations.ApplyFromPeer(CacheNames.Users);
        registration.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));
        invalidations.Invalidate(CacheNames.Users);

        Assert.Equal(1, runs);
        Assert.Equal(clock.GetUtcNow(), invalidations.LastRun(CacheNames.Users));
    }
}
