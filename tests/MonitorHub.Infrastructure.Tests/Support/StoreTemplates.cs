using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>
/// Empty, migrated stores for tests, made once per test process and copied: a SQLite file copied into a
/// new data folder, or a PostgreSQL database created from a migrated template database. Running every
/// migration for every test's store was most of a store's start-up on SQLite and nearly all of it on
/// PostgreSQL. The app still migrates at start, and finds nothing pending. Shared by the Infrastructure
/// and Web tests (linked into the latter).
/// </summary>
public static class StoreTemplates
{
    /// <summary>When set to <c>PostgreSQL</c>, tests that do not choose a provider run on PostgreSQL
    /// (tests/run.sh's second pass of the Infrastructure and Web suites); otherwise on SQLite.</summary>
    public const string ProviderVariable = "MONITORHUB_TEST_PROVIDER";

    public const string ProviderKey = "MonitorHub:Database:Provider";

    public static bool PostgreSqlByDefault =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> SqliteTemplate = new(CreateSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Puts a migrated, empty SQLite store into <paramref name="dataDirectory"/> (created if need be).</summary>
    public static void SeedSqlite(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        File.Copy(SqliteTemplate.Value, Path.Combine(dataDirectory, "monitorhub.db"));
    }

    /// <summary>A new PostgreSQL database holding the migrated, empty schema (skips the test without a server).</summary>
    public static async Task<PostgresDatabase> NewPostgresDatabaseAsync()
    {
        PostgresDatabase.Require();
        return await PostgresDatabase.CreateAsync(await PostgresTemplate.Value.ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>For synchronous set-up code (a constructor, a host's configuration): off the test's context.</summary>
    public static PostgresDatabase NewPostgresDatabase() => Task.Run(NewPostgresDatabaseAsync).GetAwaiter().GetResult();

    private static string CreateSqliteTemplate()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-templates", Guid.NewGuid().ToString("N"));
        Migrate(new() { ["MonitorHub:DataDirectory"] = directory }, directory);
        var file = Path.Combine(directory, "monitorhub.db");
        // The schema is in the WAL until a checkpoint: fold it into the file that is copied.
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return file;
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var database = await PostgresDatabase.CreateAsync().ConfigureAwait(false);
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-templates", Guid.NewGuid().ToString("N"));
        Migrate(database.Settings(), directory);
        // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
        Npgsql.NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return database.Name;
    }

    private static void Migrate(Dictionary<string, string?> settings, string directory)
    {
        settings["MonitorHub:DataDirectory"] = directory;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMonitorHubInfrastructure(config, directory);
        using var provider = services.BuildServiceProvider();
        provider.MigrateMonitorHubDatabase();
        SqliteConnection.ClearAllPools();
    }
}
