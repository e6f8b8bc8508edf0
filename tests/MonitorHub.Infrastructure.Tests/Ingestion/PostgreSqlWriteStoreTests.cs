using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using Npgsql;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>The writer's store on PostgreSQL, as each node runs it: two stores (two nodes) on one
/// database. Metric names are unique per test: the class shares one database.</summary>
public sealed class PostgreSqlWriteStoreTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private const int Commits = 100;
    private const int PerCommit = 5;

    [Fact]
    public async Task TwoWriters_SameSeriesAndMinute_Concurrently_EveryTiersRollupsAreExact_AndSketchesMerged()
    {
        var database = fixture.Database;
        var metric = "pg.concurrent." + Guid.NewGuid().ToString("N")[..8];
        using var nodeA = new SampleWriteStore(DatabaseProvider.PostgreSQL, database.ConnectionString, new FakeTimeProvider(StoreFixture.Start));
        using var nodeB = new SampleWriteStore(DatabaseProvider.PostgreSQL, database.ConnectionString, new FakeTimeProvider(StoreFixture.Start));
        using var start = new Barrier(2);

        // Node A writes 1..500, node B 1001..1500, all in the same minute, many small commits each.
        await Task.WhenAll(
            Task.Run(() => Write(nodeA, metric, first: 1, start), TestContext.Current.CancellationToken),
            Task.Run(() => Write(nodeB, metric, first: 1001, start), TestContext.Current.CancellationToken));

        const long count = 2 * Commits * PerCommit;
        var sum = Enumerable.Range(1, 500).Sum() + Enumerable.Range(1001, 500).Sum();
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM {Tables.Series.Table} WHERE {Tables.Series.MetricKey} = '{metric}'"));
        Assert.Equal(count, await database.ScalarAsync(
            $"SELECT count(*) FROM {Tables.Samples.Table} s JOIN {Tables.Series.Table} r ON r.{Tables.Series.Id} = s.{Tables.Samples.SeriesId} WHERE r.{Tables.Series.MetricKey} = '{metric}'"));
        foreach (var table in RollupTable.All.Select(t => t.Table))
        {
            var row = await RollupAsync(database.ConnectionString, table, metric);
            Assert.Equal((count, sum, 1d, 1500d), (row.Count, row.Sum, row.Min, row.Max));
            // A lost sketch update would leave fewer values in the sketch than in the count.
            Assert.Equal(count, row.Sketch.Count);
            Assert.Equal(1, row.Sketch.Min);
            Assert.Equal(1500, row.Sketch.Max);
            Assert.InRange(row.Sketch.Quantile(0.25), 250 * 0.98, 250 * 1.02);
        }
    }

    [Fact]
    public async Task NewMetric_WrittenByTwoWriters_IsOneSeries_AndOneDefinition_ReportedNewOnce()
    {
        var database = fixture.Database;
        var metric = "pg.definition." + Guid.NewGuid().ToString("N")[..8];
        using var nodeA = new SampleWriteStore(DatabaseProvider.PostgreSQL, database.ConnectionString, new FakeTimeProvider(StoreFixture.Start));
        using var nodeB = new SampleWriteStore(DatabaseProvider.PostgreSQL, database.ConnectionString, new FakeTimeProvider(StoreFixture.Start));
        // Node B loads its caches before A creates the series, so B meets it through ON CONFLICT.
        nodeB.Write([StoreFixture.Sample(metric + ".other", 1, StoreFixture.Start)]);
        nodeA.Write([StoreFixture.Sample(metric, 1, StoreFixture.Start, ("host", "a"))]);
        var seenByA = nodeA.NewDefinitions.ToList();
        nodeB.Write([StoreFixture.Sample(metric, 2, StoreFixture.Start.AddSeconds(1), ("host", "a"))]);

        Assert.Equal([metric], seenByA);
        Assert.Empty(nodeB.NewDefinitions);
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM {Tables.Series.Table} WHERE {Tables.Series.MetricKey} = '{metric}'"));
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM {Tables.MetricDefinitions.Table} WHERE {Tables.MetricDefinitions.Key} = '{metric}'"));
        Assert.Equal(2, (await RollupAsync(database.ConnectionString, Tables.Rollups.Table, metric)).Count);
    }

    private static void Write(SampleWriteStore store, string metric, int first, Barrier start)
    {
        start.SignalAndWait(TestContext.Current.CancellationToken);
        for (var c = 0; c < Commits; c++)
        {
            var samples = Enumerable.Range(0, PerCommit)
                .Select(i => c * PerCommit + i)
                .Select(n => StoreFixture.Sample(metric, first + n, StoreFixture.Start.AddMilliseconds(n * 10 + first % 2)))
                .ToList();
            store.Write(samples);
        }
    }

    private static async Task<(long Count, double Sum, double Min, double Max, DDSketch Sketch)> RollupAsync(string connectionString, string table, string metric)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT r.{Tables.Rollups.Count}, r.{Tables.Rollups.Sum}, r.{Tables.Rollups.Min}, r.{Tables.Rollups.Max}, r.{Tables.Rollups.Sketch} FROM {table} r " +
            $"JOIN {Tables.Series.Table} s ON s.{Tables.Series.Id} = r.{Tables.Rollups.SeriesId} WHERE s.{Tables.Series.MetricKey} = @m", connection);
        command.Parameters.AddWithValue("m", metric);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        var row = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), DDSketch.Deserialize((byte[])reader.GetValue(4)));
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return row;
    }
}
