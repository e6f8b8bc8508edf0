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
    private SampleWriteStore? _nodeWriter;
    private PostgresDatabase? _ownedDatabase;

    /// <param name="settings">Extra configuration; a given MonitorHub:DataDirectory is kept on dispose.</param>
    public StoreFixture(Dictionary<string, string?>? settings = null) : this(settings, startWriter: true)
    {
    }

    private StoreFixture(Dictionary<string, string?>? settings, bool startWriter)
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
        if (startWriter) Writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        else _nodeWriter = new SampleWriteStore(MonitorHub.Infrastructure.Persistence.DatabaseProvider.PostgreSQL, config["MonitorHub:Database:ConnectionString"]!, Clock);
    }

    /// <summary>The stores on a PostgreSQL database (migrated here). The ingestion writer service is
    /// not started (it refuses to start on PostgreSQL until every reader is ported);
    /// <see cref="WriteAsync"/> writes through a node's <see cref="SampleWriteStore"/> instead.</summary>
    public static StoreFixture OnPostgreSql(string connectionString, Dictionary<string, string?>? settings = null) => new(new Dictionary<string, string?>(settings ?? [])
    {
        ["MonitorHub:Database:Provider"] = "PostgreSQL",
        ["MonitorHub:Database:ConnectionString"] = connectionString,
    }, startWriter: false);

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
        if (_nodeWriter is not null)
        {
            lock (_nodeWriter) _nodeWriter.Write(samples);
            return samples.Count;
        }

        Assert.Equal(EnqueueResult.Accepted, Writer.TryEnqueue(samples, out var committed));
        return await committed;
    }

    /// <summary>One number from the store's database, read on a connection of its own.</summary>
    public long Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public static MetricSample Sample(string metric, double value, DateTimeOffset t, params (string, string)[] tags) =>
        new(metric, value, t, TagSet.From(tags.Select(x => new KeyValuePair<string, string>(x.Item1, x.Item2))));

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        _nodeWriter?.Dispose();
        await _services.DisposeAsync();
        if (_ownedDatabase is not null) await _ownedDatabase.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
