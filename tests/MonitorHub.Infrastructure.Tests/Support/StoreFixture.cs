using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>A real store with the writer running and a fake clock: SQLite in a temp folder or, when
/// <see cref="StoreTemplates.ProviderVariable"/> says so (tests/run.sh's PostgreSQL pass), a PostgreSQL
/// database of its own. A test that is about one provider says which: <see cref="OnSqlite"/>,
/// <see cref="OnPostgreSql"/>.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private PostgresDatabase? _ownedDatabase;

    /// <param name="settings">Extra configuration; a given MonitorHub:DataDirectory is kept on dispose.</param>
    public StoreFixture(Dictionary<string, string?>? settings = null)
    {
        var given = settings?.GetValueOrDefault("MonitorHub:DataDirectory");
        _ownsDirectory = given is null;
        _directory = given ?? Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(settings ?? []);
        if (!all.ContainsKey(StoreTemplates.ProviderKey) && StoreTemplates.PostgreSqlByDefault)
        {
            _ownedDatabase = StoreTemplates.NewPostgresDatabase();
            foreach (var (key, value) in _ownedDatabase.Settings()) all[key] = value;
        }
        else if (_ownsDirectory && all.GetValueOrDefault(StoreTemplates.ProviderKey) is null or "Sqlite")
        {
            StoreTemplates.SeedSqlite(_directory);
        }

        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = _directory })
            .AddInMemoryCollection(all)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorHubInfrastructure(config, _directory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Hangfire.IBackgroundJobClient>(Jobs);
        _services = services.BuildServiceProvider();
        _services.MigrateMonitorHubDatabase();
        Writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The stores on a PostgreSQL database (migrated here), with the node's ingestion writer running.</summary>
    public static StoreFixture OnPostgreSql(string connectionString, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        foreach (var (key, value) in PostgresDatabase.SettingsFor(connectionString)) all[key] = value;
        return new(all);
    }

    /// <summary>The stores on SQLite whichever provider the run's other tests use: for tests of SQLite itself.</summary>
    public static StoreFixture OnSqlite(Dictionary<string, string?>? settings = null) =>
        new(new Dictionary<string, string?>(settings ?? []) { [StoreTemplates.ProviderKey] = "Sqlite" });

    /// <summary>The stores on a fresh PostgreSQL database of their own, dropped on dispose (skips the test without a server).</summary>
    public static async Task<StoreFixture> OnNewPostgreSqlDatabaseAsync(Dictionary<string, string?>? settings = null)
    {
        var database = await StoreTemplates.NewPostgresDatabaseAsync();
        var store = OnPostgreSql(database.ConnectionString, settings);
        store._ownedDatabase = database;
        return store;
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Jobs the stores scheduled (no Hangfire server runs here).</summary>
    public RecordingJobClient Jobs { get; } = new();
    public IServiceProvider Services => _services;
    public IngestionWriter Writer => _services.GetRequiredService<IngestionWriter>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public string DatabaseFile => Path.Combine(_directory, "monitorhub.db");

    /// <summary>A sample write store of its own on this store's database (either provider), as a second writer would be.</summary>
    public SampleWriteStore NewWriteStore(TimeProvider clock)
    {
        var database = Get<Microsoft.Extensions.Options.IOptions<MonitorHubOptions>>().Value.Database;
        return database.Provider == MonitorHub.Infrastructure.Persistence.DatabaseProvider.PostgreSQL
            ? new SampleWriteStore(database.Provider, database.ConnectionString!, clock)
            : new SampleWriteStore(Get<MonitorHub.Infrastructure.Persistence.DataPaths>().ConnectionString, clock);
    }

    public async Task<int> WriteAsync(IReadOnlyList<MetricSample> samples)
    {
        Assert.Equal(EnqueueResult.Accepted, Writer.TryEnqueue(samples, out var committed));
        return await committed;
    }

    /// <summary>One number from the store's database (either provider), read on a connection of its own.
    /// Quote column names (<c>"SeriesId"</c>): PostgreSQL folds unquoted ones to lower case.</summary>
    public long Scalar(string sql)
    {
        using var connection = Get<MonitorHub.Infrastructure.Persistence.StoreConnections>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static MetricSample Sample(string metric, double value, DateTimeOffset t, params (string, string)[] tags) =>
        new(metric, value, t, TagSet.From(tags.Select(x => new KeyValuePair<string, string>(x.Item1, x.Item2))));

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        if (_ownedDatabase is not null) await _ownedDatabase.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
