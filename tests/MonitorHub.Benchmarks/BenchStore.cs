using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Benchmarks;

/// <summary>A migrated, empty MonitorHub database in a temp folder, without the web host.</summary>
internal sealed class BenchStore : IDisposable
{
    public BenchStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "monitorhub-bench", Guid.NewGuid().ToString("N"));
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = Directory })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorHubInfrastructure(config, Directory);
        Services = services.BuildServiceProvider();
        Services.MigrateMonitorHubDatabase();
        Paths = Services.GetRequiredService<DataPaths>();
    }

    public string Directory { get; }
    public ServiceProvider Services { get; }
    public DataPaths Paths { get; }

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
