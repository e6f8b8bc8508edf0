using Microsoft.Data.Sqlite;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>Cardinality limits, a store that cannot commit, and a stop that drains the whole queue.</summary>
public sealed class WriterLimitsTests
{
    private static MetricSample Host(string metric, int host, double value = 1) =>
        StoreFixture.Sample(metric, value, StoreFixture.Start, ("host", "h" + host.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task BatchPastTheSeriesPerMetricLimit_IsRejectedWhole_AndExistingSeriesKeepFlowing()
    {
        await using var store = new StoreFixture(new() { ["MonitorHub:Limits:MaxSeriesPerMetric"] = "3" });
        await store.WriteAsync([Host("m", 1), Host("m", 2), Host("m", 3)]);

        // One known series and one new: the whole batch is refused, naming the metric and the limit.
        var error = await Assert.ThrowsAsync<SeriesLimitExceededException>(() => store.WriteAsync([Host("m", 1, 5), Host("m", 4)]));
        Assert.Equal("m", error.Metric);
        Assert.Equal(3, error.Limit);
        Assert.Equal(1, error.SampleIndex);
        Assert.Contains("MonitorHub:Limits:MaxSeriesPerMetric", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, store.Scalar("SELECT COUNT(*) FROM samples"));

        // Existing series, and new series of other metrics, are still accepted.
        Assert.Equal(2, await store.WriteAsync([Host("m", 2, 7), Host("other", 1)]));
        Assert.Equal(4, store.Scalar("SELECT COUNT(*) FROM series"));
    }

    [Fact]
    public async Task GroupCommit_RefusesOnlyTheBatchThatPassesTheLimit()
    {
        await using var store = new StoreFixture(new() { ["MonitorHub:Limits:MaxSeriesPerMetric"] = "2", ["MonitorHub:Limits:MaxSeries"] = "2" });
        Task<int> first, second, third;
        using (store.Writer.Pause())
        {
            // Queued together, so they share one commit: the second would create the third series.
            store.Writer.TryEnqueue([Host("a", 1), Host("a", 2)], out first);
            store.Writer.TryEnqueue([Host("b", 1)], out second);
            store.Writer.TryEnqueue([Host("a", 2, 9)], out third);
        }

        Assert.Equal(2, await first);
        var error = await Assert.ThrowsAsync<SeriesLimitExceededException>(() => second);
        Assert.Equal("MonitorHub:Limits:MaxSeries", error.Setting);
        Assert.Equal(1, await third);
        Assert.Equal(3, store.Scalar("SELECT COUNT(*) FROM samples"));
    }

    [Fact]
    public async Task Stop_CommitsEveryQueuedBatch_NotOneCommitsWorth()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        var tasks = new List<Task<int>>();
        await using (var store = StoreFixture.OnSqlite(new() { ["MonitorHub:DataDirectory"] = directory, ["MonitorHub:Ingestion:MaxSamplesPerCommit"] = "100" }))
        {
            using (store.Writer.Pause())
            {
                for (var i = 0; i < 50; i++)
                {
                    store.Writer.TryEnqueue([.. Enumerable.Range(0, 100).Select(j => StoreFixture.Sample("m", j, StoreFixture.Start.AddMilliseconds((i * 100) + j)))], out var committed);
                    tasks.Add(committed);
                }

                // Stopping while paused: the drain must not wait for the pause.
                await store.Writer.StopAsync(CancellationToken.None);
            }

            Assert.All(tasks, t => Assert.Equal(100, t.Result));
            Assert.Equal(5_000, store.Scalar("SELECT COUNT(*) FROM samples"));
            var late = Assert.Throws<StoreUnavailableException>(() => store.Writer.TryEnqueue([StoreFixture.Sample("m", 1, StoreFixture.Start)], out _));
            Assert.Contains("shutting down", late.Message, StringComparison.Ordinal);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task FullDisk_FailsTheCommitAsUnavailable_NothingAcknowledged_AndRecovers()
    {
        await using var store = StoreFixture.OnSqlite();
        await store.WriteAsync([StoreFixture.Sample("m", 1, StoreFixture.Start)]);
        // SQLite's page limit stands in for a full disk: the next commit that needs a page fails with SQLITE_FULL.
        var pages = store.Scalar("PRAGMA page_count");
        await store.Writer.RunAsync(s => Pragma(s, $"PRAGMA max_page_count = {pages}"), CancellationToken.None);

        var big = Enumerable.Range(0, 20_000).Select(i => StoreFixture.Sample("m", i, StoreFixture.Start.AddMilliseconds(i + 1))).ToList();
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync(big));
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM samples"));

        await store.Writer.RunAsync(s => Pragma(s, "PRAGMA max_page_count = 1073741823"), CancellationToken.None);
        Assert.Equal(20_000, await store.WriteAsync(big));
        Assert.Equal(20_001, store.Scalar("SELECT COUNT(*) FROM samples"));
    }

    private static long Pragma(SqlSession session, string sql)
    {
        using var command = session.Command(sql);
        return (long)command.ExecuteScalar()!;
    }
}
