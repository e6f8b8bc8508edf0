using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using Columns = MonitorHub.Infrastructure.Persistence.Tables.Rollups;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>The five-minute and hourly rollups the writer keeps equal the minutes (and the samples) they cover.
/// On SQLite, whose file these read directly and whose upgrade backfills a tier; on PostgreSQL the tiers are
/// checked through the queries that read them (<see cref="Query.TierQueryTests"/>).</summary>
public sealed class RollupTierTests
{
    private sealed record Totals(long Count, double Sum, double Min, double Max);

    [Theory]
    [InlineData(StorageTier.FiveMinute)]
    [InlineData(StorageTier.Hour)]
    public async Task EachPeriod_EqualsItsMinutesAndSamples_AcrossMinuteAndPeriodBoundaries(StorageTier tier)
    {
        await using var store = StoreFixture.OnSqlite();
        // 10:58:30 to 12:03:30 every 13 s, in commits that each cross minute (and some, period) boundaries.
        var start = StoreFixture.Start.AddMinutes(-61).AddSeconds(-30);
        var random = new Random(7);
        var samples = Enumerable.Range(0, 300)
            .Select(i => StoreFixture.Sample("m", Math.Round(random.NextDouble() * 100 - 20, 2), start.AddSeconds(13 * i), ("host", i % 3 == 0 ? "a" : "b")))
            .ToList();
        foreach (var chunk in samples.Chunk(37)) await store.WriteAsync(chunk);

        var periods = samples.Select(s => PeriodOf(tier, s.Timestamp)).Distinct().ToList();
        Assert.True(periods.Count >= 3);
        foreach (var host in new[] { "a", "b" })
        {
            foreach (var period in periods)
            {
                var inPeriod = samples.Where(s => s.Tags.Key == $"host={host}" && PeriodOf(tier, s.Timestamp) == period).Select(s => s.Value).ToList();
                var stored = PeriodRow(store, tier, host, period);
                Assert.Equal(inPeriod.Count, stored.Count);
                Assert.Equal(inPeriod.Sum(), stored.Sum, 9);
                Assert.Equal(inPeriod.Min(), stored.Min);
                Assert.Equal(inPeriod.Max(), stored.Max);
                Assert.Equal(MinutesOf(store, tier, host, period), stored);
                Assert.Equal(MergedMinuteSketch(store, tier, host, period).Quantile(0.9), PeriodSketch(store, tier, host, period).Quantile(0.9));
            }
        }
    }

    [Theory]
    [InlineData(StorageTier.FiveMinute)]
    [InlineData(StorageTier.Hour)]
    public async Task LateSample_IntoAClosedPeriod_IsAddedToThatPeriod(StorageTier tier)
    {
        await using var store = StoreFixture.OnSqlite();
        var first = StoreFixture.Start.AddMinutes(5);
        await store.WriteAsync([StoreFixture.Sample("m", 10, first, ("host", "a")), StoreFixture.Sample("m", 30, first.AddMinutes(2), ("host", "a"))]);
        // Three hours later (the writer no longer holds that period) a sample for it arrives.
        store.Clock.Advance(TimeSpan.FromHours(3));
        await store.WriteAsync([StoreFixture.Sample("m", 1, store.Clock.GetUtcNow(), ("host", "a"))]);
        await store.WriteAsync([StoreFixture.Sample("m", 50, first.AddMinutes(4), ("host", "a"))]);

        var period = PeriodOf(tier, first);
        Assert.Equal(new Totals(3, 90, 10, 50), PeriodRow(store, tier, "a", period));
        Assert.Equal(MinutesOf(store, tier, "a", period), PeriodRow(store, tier, "a", period));
        Assert.Equal(50, PeriodSketch(store, tier, "a", period).Quantile(1));
    }

    [Theory]
    [InlineData(StorageTier.FiveMinute)]
    [InlineData(StorageTier.Hour)]
    public async Task Backfill_RebuildsTheTierFromTheMinutes(StorageTier tier)
    {
        await using var store = StoreFixture.OnSqlite();
        var random = new Random(3);
        var samples = Enumerable.Range(0, 500).Select(i => StoreFixture.Sample("m", random.NextDouble(), StoreFixture.Start.AddSeconds(-29 * i), ("host", "a"))).ToList();
        await store.WriteAsync(samples);
        var period = PeriodOf(tier, StoreFixture.Start.AddHours(-2));
        var before = PeriodRow(store, tier, "a", period);

        using var connection = new SqliteConnection(store.Get<DataPaths>().ConnectionString);
        connection.Open();
        using (var clear = connection.CreateCommand())
        {
            clear.CommandText = $"DELETE FROM {RollupTable.Of(tier).Table}";
            clear.ExecuteNonQuery();
        }

        Assert.Equal(samples.Select(s => PeriodOf(tier, s.Timestamp)).Distinct().Count(), RollupBackfill.Run(connection, tier));
        Assert.Equal(before, PeriodRow(store, tier, "a", period));
        Assert.Equal(MinutesOf(store, tier, "a", period), PeriodRow(store, tier, "a", period));
    }

    private static long PeriodOf(StorageTier tier, DateTimeOffset t) => UnixTime.FloorDiv(t.ToUnixTimeMilliseconds(), tier.MinutesPerPeriod() * 60_000);

    private const string SeriesOf = $"(SELECT {Tables.Series.Id} FROM {Tables.Series.Table} WHERE {Tables.Series.TagsKey} = $k)";

    private static string MinutesIn(StorageTier tier) =>
        $"{Columns.SeriesId} = {SeriesOf} AND {Columns.Minute} >= $h * {tier.MinutesPerPeriod()} AND {Columns.Minute} < ($h + 1) * {tier.MinutesPerPeriod()}";

    private static Totals PeriodRow(StoreFixture store, StorageTier tier, string host, long period) => Read(store,
        $"SELECT {Columns.Count}, {Columns.Sum}, {Columns.Min}, {Columns.Max} FROM {RollupTable.Of(tier).Table} " +
        $"WHERE {Columns.SeriesId} = {SeriesOf} AND {RollupTable.Of(tier).Period} = $h", host, period);

    private static Totals MinutesOf(StoreFixture store, StorageTier tier, string host, long period) => Read(store,
        $"SELECT SUM({Columns.Count}), SUM({Columns.Sum}), MIN({Columns.Min}), MAX({Columns.Max}) FROM {Columns.Table} WHERE {MinutesIn(tier)}", host, period);

    private static DDSketch PeriodSketch(StoreFixture store, StorageTier tier, string host, long period) => Sketches(store,
        $"SELECT {Columns.Sketch} FROM {RollupTable.Of(tier).Table} WHERE {Columns.SeriesId} = {SeriesOf} AND {RollupTable.Of(tier).Period} = $h", host, period);

    private static DDSketch MergedMinuteSketch(StoreFixture store, StorageTier tier, string host, long period) => Sketches(store,
        $"SELECT {Columns.Sketch} FROM {Columns.Table} WHERE {MinutesIn(tier)}", host, period);

    private static Totals Read(StoreFixture store, string sql, string host, long period)
    {
        using var command = Command(store, sql, host, period, out var connection);
        using var _ = connection;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        // Sums compared to 9 places: minutes and periods add the same values in different groupings.
        return new Totals(reader.GetInt64(0), Math.Round(reader.GetDouble(1), 9), reader.GetDouble(2), reader.GetDouble(3));
    }

    private static DDSketch Sketches(StoreFixture store, string sql, string host, long period)
    {
        using var command = Command(store, sql, host, period, out var connection);
        using var _ = connection;
        using var reader = command.ExecuteReader();
        var sketch = new DDSketch();
        while (reader.Read()) sketch.MergeSerialized((byte[])reader.GetValue(0));
        return sketch;
    }

    private static SqliteCommand Command(StoreFixture store, string sql, string host, long period, out SqliteConnection connection)
    {
        connection = new SqliteConnection($"Data Source={store.DatabaseFile}");
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", $"host={host}");
        command.Parameters.AddWithValue("$h", period);
        return command;
    }
}
