using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Benchmarks;

/// <summary>A migrated, empty MonitorHub database in a temp folder, without the web host; or, when
/// <see cref="KeepVariable"/> names a folder, the database kept there (migrated on open, so a newer build
/// measures an upgraded copy of the same data), which is not deleted. Given a PostgreSQL server, a fresh
/// database created on it instead, dropped on dispose (not kept).</summary>
internal sealed class BenchStore : IDisposable
{
    public const string KeepVariable = "MONITORHUB_BENCH_DIR";

    private readonly bool _kept;
    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;

    /// <param name="postgresServer">A PostgreSQL server's connection string (e.g. MONITORHUB_TEST_POSTGRES), or null for SQLite.</param>
    public BenchStore(string? postgresServer = null)
    {
        _kept = postgresServer is null && Environment.GetEnvironmentVariable(KeepVariable) is { Length: > 0 };
        Directory = _kept ? Environment.GetEnvironmentVariable(KeepVariable)! : Path.Combine(Path.GetTempPath(), "monitorhub-bench", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = Directory };
        if (postgresServer is not null)
        {
            _postgresServer = postgresServer;
            _postgresDatabase = "mh_bench_" + Guid.NewGuid().ToString("N");
            Admin($"CREATE DATABASE \"{_postgresDatabase}\"");
            settings["MonitorHub:Database:Provider"] = "PostgreSQL";
            settings["MonitorHub:Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(postgresServer) { Database = _postgresDatabase }.ConnectionString;
            settings["MonitorHub:Security:HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorHubInfrastructure(config, Directory);
        Services = services.BuildServiceProvider();
        var migrate = System.Diagnostics.Stopwatch.StartNew();
        Services.MigrateMonitorHubDatabase();
        MigrateSeconds = migrate.Elapsed.TotalSeconds;
        Paths = Services.GetRequiredService<DataPaths>();
    }

    /// <summary>The store's provider, as the benchmarks print it.</summary>
    public string ProviderName => _postgresServer is null ? "sqlite" : "postgresql";

    /// <summary>A sample writer of its own on this store (either provider).</summary>
    public SampleWriteStore NewWriter()
    {
        var database = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MonitorHubOptions>>().Value.Database;
        return new SampleWriteStore(database.Provider, database.Provider == DatabaseProvider.PostgreSQL ? database.ConnectionString! : Paths.ConnectionString, TimeProvider.System);
    }

    public string Directory { get; }
    public ServiceProvider Services { get; }
    public DataPaths Paths { get; }
    public double MigrateSeconds { get; }

    /// <summary>The end of the range a kept database was loaded up to, or null when it has no data yet.</summary>
    public DateTimeOffset? LoadedUntil(string name) =>
        _kept && File.Exists(Path.Combine(Directory, name)) ? DateTimeOffset.Parse(File.ReadAllText(Path.Combine(Directory, name)), System.Globalization.CultureInfo.InvariantCulture) : null;

    public void MarkLoaded(string name, DateTimeOffset to)
    {
        if (_kept) File.WriteAllText(Path.Combine(Directory, name), to.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            Admin($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)");
        }

        if (!_kept) try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private void Admin(string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(_postgresServer);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
