using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Persistence;

/// <summary>The rollup tiers are clustered on their key (WITHOUT ROWID), on new databases and after an upgrade,
/// and an upgrade fills the five-minute tier from the minutes.</summary>
public sealed class RollupLayoutTests
{
    private static string TableSql(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $t";
        command.Parameters.AddWithValue("$t", table);
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task NewDatabase_HasEveryRollupTierWithoutRowid()
    {
        await using var store = StoreFixture.OnSqlite();
        using var connection = new SqliteConnection($"Data Source={store.DatabaseFile}");
        connection.Open();

        Assert.EndsWith("WITHOUT ROWID", TableSql(connection, "rollups"));
        Assert.EndsWith("WITHOUT ROWID", TableSql(connection, "rollups_5m"));
        Assert.EndsWith("WITHOUT ROWID", TableSql(connection, "rollups_hourly"));
    }

    private static string SketchHex(params double[] values)
    {
        var sketch = new Core.Sketches.DDSketch();
        foreach (var v in values) sketch.Add(v);
        return Convert.ToHexString(sketch.Serialize());
    }

    [Fact]
    public void Upgrade_KeepsEveryRollupRow_InTheClusteredTables()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = directory }).Build();
            var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddMonitorHubInfrastructure(config, directory).BuildServiceProvider();
            Directory.CreateDirectory(directory);
            using (var db = services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContext())
            {
                db.GetService<IMigrator>().Migrate("20261201074236_DeploymentWebhookSecret");
            }

            var connectionString = services.GetRequiredService<DataPaths>().ConnectionString;
            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                Assert.DoesNotContain("WITHOUT ROWID", TableSql(connection, "rollups"));
                using var insert = connection.CreateCommand();
                // Inserted out of key order, as a writer interleaving series would.
                insert.CommandText =
                    $"INSERT INTO rollups VALUES (2, 100, 3, 6.0, 1.0, 3.0, x'{SketchHex(1, 2, 3)}'), (1, 101, 1, 5.0, 5.0, 5.0, x'{SketchHex(5)}'), " +
                    $"(1, 100, 2, 3.0, 1.0, 2.0, x'{SketchHex(1, 2)}');" +
                    $"INSERT INTO rollups_hourly VALUES (1, 1, 3, 8.0, 1.0, 5.0, x'{SketchHex(1, 2, 5)}');";
                insert.ExecuteNonQuery();
            }

            services.MigrateMonitorHubDatabase();

            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                Assert.EndsWith("WITHOUT ROWID", TableSql(connection, "rollups"));
                Assert.EndsWith("WITHOUT ROWID", TableSql(connection, "rollups_hourly"));
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT group_concat(SeriesId || ':' || Minute || ':' || Count || ':' || Sum || ':' || hex(Sketch), ' ') FROM rollups; " +
                                   "SELECT group_concat(SeriesId || ':' || Hour || ':' || Count || ':' || Max, ' ') FROM rollups_hourly; " +
                                   "SELECT group_concat(SeriesId || ':' || FiveMinute || ':' || Count || ':' || Sum || ':' || Max || ':' || hex(Sketch), ' ') FROM rollups_5m";
                using var reader = read.ExecuteReader();
                Assert.True(reader.Read());
                Assert.Equal($"1:100:2:3.0:{SketchHex(1, 2)} 1:101:1:5.0:{SketchHex(5)} 2:100:3:6.0:{SketchHex(1, 2, 3)}", reader.GetString(0));
                Assert.True(reader.NextResult() && reader.Read());
                Assert.Equal("1:1:3:5.0", reader.GetString(0));
                // Minutes 100 and 101 are five-minute period 20, rolled up once after the tier's migration.
                Assert.True(reader.NextResult() && reader.Read());
                Assert.Equal($"1:20:3:8.0:5.0:{SketchHex(1, 2, 5)} 2:20:3:6.0:3.0:{SketchHex(1, 2, 3)}", reader.GetString(0));
            }

            services.Dispose();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
