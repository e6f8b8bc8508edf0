using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Benchmarks;

/// <summary>A migrated, empty MonitorHub database in a temp folder, without the web host; or, when
/// <see cref="KeepVariable"/> names a folder, the database kept there (migrated on open, so a newer build
/// measures an upgraded copy of the same data), which is not deleted.</summary>
internal sealed class BenchStore : IDisposable
{
    public const string KeepVariable = "MONITORHUB_BENCH_DIR";

    private readonly bool _kept = Environment.GetEnvironmentVariable(KeepVariable) is { Length: > 0 };

    public BenchStore()
    {
        Directory = _kept ? Environment.GetEnvironmentVariable(KeepVariable)! : Path.Combine(Path.GetTempPath(), "monitorhub-bench", Guid.NewGuid().ToString("N"));
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = Directory })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorHubInfrastructure(config, Directory);
        Services = services.BuildServiceProvider();
        var migrate = System.Diagnostics.Stopwatch.StartNew();
        Services.MigrateMonitorHubDatabase();
        MigrateSeconds = migrate.Elapsed.TotalSeconds;
        Paths = Services.GetRequiredService<DataPaths>();
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
        if (!_kept) try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
