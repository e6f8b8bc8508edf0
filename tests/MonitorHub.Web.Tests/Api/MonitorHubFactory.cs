using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Web.Tests.Api;

/// <summary>The whole app on a test server with its own temp database and in-memory job storage.</summary>
public sealed class MonitorHubFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitorhub-web-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _settings;

    public MonitorHubFactory(Dictionary<string, string>? settings = null) => _settings = settings ?? [];

    public IngestionWriter Writer => Services.GetRequiredService<IngestionWriter>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MonitorHub:DataDirectory", _directory);
        builder.UseSetting("MonitorHub:Jobs:Storage", "InMemory");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
