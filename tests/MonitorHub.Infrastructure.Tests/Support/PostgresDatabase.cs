using Npgsql;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>
/// A fresh, empty database on the test PostgreSQL server named by <c>MONITORHUB_TEST_POSTGRES</c>
/// (tests/run.sh starts one; tests/postgres-shell.sh by hand), dropped on dispose. Without the
/// variable <see cref="Create"/> is null and <see cref="Require"/> skips the test, saying why.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "MONITORHUB_TEST_POSTGRES";

    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>The server's connection string, or the test is skipped with a message saying why.</summary>
    public static string Require()
    {
        if (Server is { } server) return server;
        Assert.Skip($"{Variable} is not set: PostgreSQL tests need a server (tests/run.sh starts one; by hand: tests/postgres-shell.sh).");
        return "";
    }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Require();
        var database = new PostgresDatabase(server, "mh_test_" + Guid.NewGuid().ToString("N"));
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>One number from this database, read on a connection of its own.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled idle connections to the database would block DROP; FORCE ends any the pool still holds.
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}

/// <summary>A test class's PostgreSQL database with the MonitorHub stores migrated onto it (one per
/// class, as an <c>IClassFixture</c>); <see cref="Store"/> skips the test when no server is configured.</summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private StoreFixture? _store;

    public StoreFixture Store => Required(_store);
    public PostgresDatabase Database => Required(_database);

    private static T Required<T>(T? value) where T : class
    {
        PostgresDatabase.Require();
        return value ?? throw new InvalidOperationException("The PostgreSQL fixture did not initialise.");
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresDatabase.Server is null) return;
        _database = await PostgresDatabase.CreateAsync();
        _store = StoreFixture.OnPostgreSql(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
