using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>A real SQLite store in a temp folder with the writer running and a fake clock; or, through
/// <see cref="OnPostgreSql"/>, the same services on a PostgreSQL database.</summary>
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
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = _directory })
            .AddInMemoryCollection(settings ?? [])
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

    /// <summary>The stores on a fresh PostgreSQL database of their own, dropped on dispose (skips the test without a server).</summary>
    public static async Task<StoreFixture> OnNewPostgreSqlDatabaseAsync(Dictionary<string, string?>? settings = null)
    {
        var database = await PostgresDatabase.CreateAsync();
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
