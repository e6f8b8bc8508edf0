using Npgsql;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>
/// A fresh, empty database on the test PostgreSQL server named by <c>MONITORHUB_TEST_POSTGRES</c>
/// (tests/run.sh starts one; tests/servers-shell.sh by hand), dropped on dispose. Without the
/// variable <see cref="Require"/> (and so <see cref="CreateAsync"/>) skips the test, saying why.
/// Shared by the Infrastructure and Web tests (linked into the latter).
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

    /// <summary>The redaction key every PostgreSQL test node shares (the setting is required there).</summary>
    public const string TestHashKey = "bW9uaXRvcmh1Yi10ZXN0LWhhc2gta2V5LTMyYnl0ZXM=";

    /// <summary>The settings of a node on this database: provider, connection string and the shared hash key.</summary>
    public Dictionary<string, string?> Settings() => SettingsFor(ConnectionString);

    public static Dictionary<string, string?> SettingsFor(string connectionString) => new()
    {
        ["MonitorHub:Database:Provider"] = "PostgreSQL",
        ["MonitorHub:Database:ConnectionString"] = connectionString,
        ["MonitorHub:Security:HashKey"] = TestHashKey,
    };

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>The server's connection string, or the test is skipped with a message saying why.</summary>
    public static string Require()
    {
        if (Server is { } server) return server;
        Assert.Skip($"{Variable} is not set: PostgreSQL tests need a server (tests/run.sh starts one; by hand: tests/servers-shell.sh).");
        return "";
    }

    /// <param name="template">A database to copy (one nobody is connected to); by default an empty one.</param>
    public static async Task<PostgresDatabase> CreateAsync(string? template = null)
    {
        var server = Require();
        var database = new PostgresDatabase(server, "mh_test_" + Guid.NewGuid().ToString("N"));
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"")).ConfigureAwait(false);
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

    /// <summary>Cuts every node off this database, as a lost server would: new connections are refused
    /// and the open ones (the writer's, the pools') are terminated. <see cref="ReconnectAsync"/> undoes it.</summary>
    public async Task DisconnectAsync()
    {
        await AdminAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid()");
    }

    public Task ReconnectAsync() => AdminAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS true");

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled idle connections to the database would block DROP; FORCE ends any the pool still holds.
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
