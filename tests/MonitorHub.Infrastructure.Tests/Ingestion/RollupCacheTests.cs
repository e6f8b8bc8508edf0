using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>The writer's in-memory rollups stay bounded by age, and a late sample still lands in its minute.</summary>
public sealed class RollupCacheTests
{
    [Fact]
    public async Task RollupsOfMinutesLongPast_AreForgotten_AndALateSampleStillMergesIntoItsMinute()
    {
        // SQLite's single writer caches rollups; PostgreSQL's writers merge them in the database under row locks.
        await using var store = StoreFixture.OnSqlite();
        var clock = new FakeTimeProvider(StoreFixture.Start);
        using var writer = store.NewWriteStore(clock);
        var minute0 = StoreFixture.Start;
        writer.Write([.. Enumerable.Range(0, 50).Select(h => Sample(minute0, h))]);
        Assert.Equal(50, writer.CachedRollups);

        // Ten minutes on, only the current minute's rollups are held.
        clock.Advance(TimeSpan.FromMinutes(10));
        writer.Write([.. Enumerable.Range(0, 50).Select(h => Sample(clock.GetUtcNow(), h))]);
        Assert.Equal(50, writer.CachedRollups);

        // A sample for the first minute, ten minutes late, is added to that minute's stored rollup.
        writer.Write([Sample(minute0.AddSeconds(30), 7)]);
        Assert.Equal(2, store.Scalar(
            $"SELECT r.{Tables.Rollups.Count} FROM {Tables.Rollups.Table} r JOIN {Tables.Series.Table} s ON s.{Tables.Series.Id} = r.{Tables.Rollups.SeriesId} " +
            $"WHERE s.{Tables.Series.TagsKey} = 'host=h7' AND r.{Tables.Rollups.Minute} = {minute0.ToUnixTimeMilliseconds() / 60_000}"));
    }

    private static MetricSample Sample(DateTimeOffset at, int host) =>
        StoreFixture.Sample("svc.latency_ms", host, at, ("host", "h" + host.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
