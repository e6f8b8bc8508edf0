using MonitorHub.Infrastructure.Jobs;

namespace MonitorHub.Infrastructure.Tests.Jobs;

/// <summary>What retention deletes, tier by tier, on the run's provider: on SQLite through the writer, on
/// PostgreSQL on a connection of its own, in batches by ctid.</summary>
public sealed class RetentionTests
{
    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync(Dictionary<string, string?> settings) => Task.FromResult(new StoreFixture(settings));

    [Fact]
    public async Task HourlyRetentionShorterThanMinuteRetention_IsRejectedAtStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var store = new StoreFixture(new() { ["MonitorHub:Retention:RollupDays"] = "400", ["MonitorHub:Retention:HourlyDays"] = "100" });
            _ = store.Get<Microsoft.Extensions.Options.IOptions<MonitorHubOptions>>().Value;
        });
        Assert.Contains("HourlyDays", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("900")]
    public async Task FiveMinuteRetentionOutsideMinuteAndHourRetention_IsRejectedAtStart(string days)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var store = new StoreFixture(new()
            {
                ["MonitorHub:Retention:RollupDays"] = "400", ["MonitorHub:Retention:FiveMinuteDays"] = days, ["MonitorHub:Retention:HourlyDays"] = "800",
            });
            _ = store.Get<Microsoft.Extensions.Options.IOptions<MonitorHubOptions>>().Value;
        });
        Assert.Contains("FiveMinuteDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeDelete_RunsInSteps_SoIngestionCommitsWhileRetentionIsStillRunning()
    {
        // SQLite's single writer is what a long delete could hold up; PostgreSQL's writers do not queue behind it.
        await using var store = StoreFixture.OnSqlite(new() { ["MonitorHub:Retention:RawDays"] = "1", ["MonitorHub:Retention:RollupDays"] = "400" });
        // 400 000 raw samples ten days old: far more than one step deletes.
        for (var chunk = 0; chunk < 40; chunk++)
        {
            var old = StoreFixture.Start.AddDays(-10);
            await store.WriteAsync([.. Enumerable.Range(0, 10_000).Select(i =>
                StoreFixture.Sample("old", i, old.AddMilliseconds((chunk * 10_000) + i), ("host", (i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture))))]);
        }

        var retention = store.Get<RetentionJob>().RunAsync(CancellationToken.None);
        // Once the first step has committed, a new sample is acknowledged between steps, long before
        // the last one: the writer is never held for the whole run.
        while (store.Scalar("SELECT COUNT(*) FROM samples") == 400_000) await Task.Delay(5, TestContext.Current.CancellationToken);
        await store.WriteAsync([StoreFixture.Sample("new", 1, StoreFixture.Start)]);
        Assert.False(retention.IsCompleted, "retention finished before the new sample was acknowledged");
        Assert.True(store.Scalar("SELECT COUNT(*) FROM samples WHERE \"SeriesId\" IN (SELECT \"Id\" FROM series WHERE \"MetricKey\" = 'old')") > 0);

        var result = await retention;
        Assert.Equal(400_000, result.SamplesDeleted);
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM samples"));
    }

    [Fact]
    public async Task SeriesWithNothingLeft_AreRemoved_AndCanBeCreatedAgain()
    {
        await using var store = await CreateStoreAsync(new()
        {
            ["MonitorHub:Retention:RawDays"] = "1", ["MonitorHub:Retention:RollupDays"] = "2", ["MonitorHub:Retention:HourlyDays"] = "2",
        });
        await store.WriteAsync([
            StoreFixture.Sample("m", 1, StoreFixture.Start.AddDays(-3), ("host", "gone")),
            StoreFixture.Sample("m", 1, StoreFixture.Start.AddDays(-1.5), ("host", "rollups-only")),
            StoreFixture.Sample("m", 1, StoreFixture.Start, ("host", "live")),
        ]);

        var result = await store.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.SeriesDeleted);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM series WHERE \"TagsKey\" LIKE '%gone%'"));
        Assert.Equal(2, store.Scalar("SELECT COUNT(*) FROM series"));
        // The writer forgot the deleted id: a new sample of that tag set makes a fresh series.
        await store.WriteAsync([StoreFixture.Sample("m", 2, StoreFixture.Start, ("host", "gone"))]);
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM series s JOIN samples x ON x.\"SeriesId\" = s.\"Id\" WHERE s.\"TagsKey\" LIKE '%gone%'"));
    }

    [Fact]
    public async Task EachTier_IsKeptForItsOwnDays()
    {
        await using var store = await CreateStoreAsync(new()
        {
            ["MonitorHub:Retention:RawDays"] = "1", ["MonitorHub:Retention:RollupDays"] = "2", ["MonitorHub:Retention:FiveMinuteDays"] = "3",
            ["MonitorHub:Retention:HourlyDays"] = "4",
        });
        await store.WriteAsync([.. new[] { 0.5, 1.5, 2.5, 3.5, 4.5 }.Select(days => StoreFixture.Sample("m", days, StoreFixture.Start.AddDays(-days)))]);

        var result = await store.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal((4, 3, 2, 1), (result.SamplesDeleted, result.RollupsDeleted, result.FiveMinuteRollupsDeleted, result.HourlyRollupsDeleted));
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM samples"));
        Assert.Equal(2, store.Scalar("SELECT COUNT(*) FROM rollups"));
        Assert.Equal(3, store.Scalar("SELECT COUNT(*) FROM rollups_5m"));
        Assert.Equal(4, store.Scalar("SELECT COUNT(*) FROM rollups_hourly"));
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM series"));
    }

    [Fact]
    public async Task Cancellation_StopsBetweenSteps()
    {
        await using var store = await CreateStoreAsync(new() { ["MonitorHub:Retention:RawDays"] = "1" });
        await store.WriteAsync([.. Enumerable.Range(0, 20_000).Select(i => StoreFixture.Sample("old", i, StoreFixture.Start.AddDays(-5).AddMilliseconds(i)))]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Get<RetentionJob>().RunAsync(cancelled.Token));
        Assert.Equal(20_000, store.Scalar("SELECT COUNT(*) FROM samples"));
    }
}
