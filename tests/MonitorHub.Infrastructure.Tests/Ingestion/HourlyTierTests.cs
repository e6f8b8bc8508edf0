using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>The hourly rollups the writer keeps equal the minutes (and the samples) they cover.</summary>
public sealed class HourlyTierTests
{
    private sealed record Totals(long Count, double Sum, double Min, double Max);

    [Fact]
    public async Task EachHour_EqualsItsMinutesAndSamples_AcrossMinuteAndHourBoundaries()
    {
        await using var store = new StoreFixture();
        // 10:58:30 to 12:01:30 every 13 s, in commits that each cross minute (and some, hour) boundaries.
        var start = StoreFixture.Start.AddMinutes(-61).AddSeconds(-30);
        var random = new Random(7);
        var samples = Enumerable.Range(0, 300)
            .Select(i => StoreFixture.Sample("m", Math.Round(random.NextDouble() * 100 - 20, 2), start.AddSeconds(13 * i), ("host", i % 3 == 0 ? "a" : "b")))
            .ToList();
        foreach (var chunk in samples.Chunk(37)) await store.WriteAsync(chunk);

        var hours = samples.Select(s => s.Timestamp.ToUnixTimeMilliseconds() / 3_600_000).Distinct().ToList();
        Assert.Equal(3, hours.Count);
        foreach (var host in new[] { "a", "b" })
        {
            foreach (var hour in hours)
            {
                var inHour = samples.Where(s => s.Tags.Key == $"host={host}" && s.Timestamp.ToUnixTimeMilliseconds() / 3_600_000 == hour).Select(s => s.Value).ToList();
                var stored = HourRow(store, host, hour);
                Assert.Equal(inHour.Count, stored.Count);
                Assert.Equal(inHour.Sum(), stored.Sum, 9);
                Assert.Equal(inHour.Min(), stored.Min);
                Assert.Equal(inHour.Max(), stored.Max);
                Assert.Equal(MinutesOf(store, host, hour), stored);
                Assert.Equal(MergedMinuteSketch(store, host, hour).Quantile(0.9), HourSketch(store, host, hour).Quantile(0.9));
            }
        }
    }

    [Fact]
    public async Task LateSample_IntoAClosedHour_IsAddedToThatHour()
    {
        await using var store = new StoreFixture();
        var first = StoreFixture.Start.AddMinutes(5);
        await store.WriteAsync([StoreFixture.Sample("m", 10, first, ("host", "a")), StoreFixture.Sample("m", 30, first.AddMinutes(20), ("host", "a"))]);
        // Three hours later (the writer no longer holds that hour) a sample for it arrives.
        store.Clock.Advance(TimeSpan.FromHours(3));
        await store.WriteAsync([StoreFixture.Sample("m", 1, store.Clock.GetUtcNow(), ("host", "a"))]);
        await store.WriteAsync([StoreFixture.Sample("m", 50, first.AddMinutes(40), ("host", "a"))]);

        var hour = first.ToUnixTimeMilliseconds() / 3_600_000;
        Assert.Equal(new Totals(3, 90, 10, 50), HourRow(store, "a", hour));
        Assert.Equal(MinutesOf(store, "a", hour), HourRow(store, "a", hour));
        Assert.Equal(50, HourSketch(store, "a", hour).Quantile(1));
    }

    [Fact]
    public async Task Backfill_RebuildsTheHoursFromTheMinutes()
    {
        await using var store = new StoreFixture();
        var random = new Random(3);
        await store.WriteAsync([.. Enumerable.Range(0, 500).Select(i => StoreFixture.Sample("m", random.NextDouble(), StoreFixture.Start.AddSeconds(-29 * i), ("host", "a")))]);
        var hour = StoreFixture.Start.AddHours(-2).ToUnixTimeMilliseconds() / 3_600_000;
        var before = HourRow(store, "a", hour);

        using var connection = new SqliteConnection(store.Get<DataPaths>().ConnectionString);
        connection.Open();
        using (var clear = connection.CreateCommand())
        {
            clear.CommandText = $"DELETE FROM {Tables.HourlyRollups.Table}";
            clear.ExecuteNonQuery();
        }

        Assert.Equal(6, HourlyBackfill.Run(connection)); // 05:58:49 to 10:00:00
        Assert.Equal(before, HourRow(store, "a", hour));
        Assert.Equal(MinutesOf(store, "a", hour), HourRow(store, "a", hour));
    }

    private const string SeriesOf = $"(SELECT {Tables.Series.Id} FROM {Tables.Series.Table} WHERE {Tables.Series.TagsKey} = $k)";

    private static Totals HourRow(StoreFixture store, string host, long hour) => Read(store,
        $"SELECT {Tables.HourlyRollups.Count}, {Tables.HourlyRollups.Sum}, {Tables.HourlyRollups.Min}, {Tables.HourlyRollups.Max} FROM {Tables.HourlyRollups.Table} " +
        $"WHERE {Tables.HourlyRollups.SeriesId} = {SeriesOf} AND {Tables.HourlyRollups.Hour} = $h", host, hour);

    private static Totals MinutesOf(StoreFixture store, string host, long hour) => Read(store,
        $"SELECT SUM({Tables.Rollups.Count}), SUM({Tables.Rollups.Sum}), MIN({Tables.Rollups.Min}), MAX({Tables.Rollups.Max}) FROM {Tables.Rollups.Table} " +
        $"WHERE {Tables.Rollups.SeriesId} = {SeriesOf} AND {Tables.Rollups.Minute} >= $h * 60 AND {Tables.Rollups.Minute} < $h * 60 + 60", host, hour);

    private static DDSketch HourSketch(StoreFixture store, string host, long hour) => Sketches(store,
        $"SELECT {Tables.HourlyRollups.Sketch} FROM {Tables.HourlyRollups.Table} WHERE {Tables.HourlyRollups.SeriesId} = {SeriesOf} AND {Tables.HourlyRollups.Hour} = $h", host, hour);

    private static DDSketch MergedMinuteSketch(StoreFixture store, string host, long hour) => Sketches(store,
        $"SELECT {Tables.Rollups.Sketch} FROM {Tables.Rollups.Table} WHERE {Tables.Rollups.SeriesId} = {SeriesOf} AND {Tables.Rollups.Minute} >= $h * 60 AND {Tables.Rollups.Minute} < $h * 60 + 60", host, hour);

    private static Totals Read(StoreFixture store, string sql, string host, long hour)
    {
        using var command = Command(store, sql, host, hour, out var connection);
        using var _ = connection;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        // Sums compared to 9 places: minutes and hours add the same values in different groupings.
        return new Totals(reader.GetInt64(0), Math.Round(reader.GetDouble(1), 9), reader.GetDouble(2), reader.GetDouble(3));
    }

    private static DDSketch Sketches(StoreFixture store, string sql, string host, long hour)
    {
        using var command = Command(store, sql, host, hour, out var connection);
        using var _ = connection;
        using var reader = command.ExecuteReader();
        var sketch = new DDSketch();
        while (reader.Read()) sketch.MergeSerialized((byte[])reader.GetValue(0));
        return sketch;
    }

    private static SqliteCommand Command(StoreFixture store, string sql, string host, long hour, out SqliteConnection connection)
    {
        connection = new SqliteConnection($"Data Source={store.DatabaseFile}");
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", $"host={host}");
        command.Parameters.AddWithValue("$h", hour);
        return command;
    }
}
