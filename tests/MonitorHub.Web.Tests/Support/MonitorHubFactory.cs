using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.Web.Tests.Support;

/// <summary>The whole app on a test server with its own temp database and in-memory job storage. The
/// provider is the one given or else the run's (<see cref="StoreTemplates.ProviderVariable"/>): on
/// PostgreSQL, a fresh database of its own instead of the SQLite file (created when the host is first
/// built, dropped on dispose; the test is skipped, saying why, when <c>MONITORHUB_TEST_POSTGRES</c> is
/// not set). Settings that name a provider or a data folder themselves get no store made for them.</summary>
public sealed class MonitorHubFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitorhub-web-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _settings;
    private readonly DatabaseProvider _provider;

    public MonitorHubFactory(Dictionary<string, string>? settings = null, DatabaseProvider? provider = null)
    {
        _settings = settings ?? [];
        _provider = provider ?? (StoreTemplates.PostgreSqlByDefault && !_settings.ContainsKey(StoreTemplates.ProviderKey) ? DatabaseProvider.PostgreSQL : DatabaseProvider.Sqlite);
    }

    /// <summary>The PostgreSQL database the app runs on (null on SQLite, or before the host is built).</summary>
    public PostgresDatabase? Database { get; private set; }

    public const string AdminToken = "test-admin-token-0123456789";
    public const string AdminPassword = "admin-password-1";

    public IngestionWriter Writer => Services.GetRequiredService<IngestionWriter>();

    /// <summary>A client holding the bootstrap admin token (every scope).</summary>
    public HttpClient CreateAdminClient() => CreateClientWith(AdminToken);

    public HttpClient CreateClientWith(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MonitorHub:DataDirectory", _directory);
        builder.UseSetting("MonitorHub:Jobs:Storage", "InMemory");
        // Tests run jobs themselves (directly or by triggering them); none fires on its own mid-test.
        builder.UseSetting("MonitorHub:Jobs:RunRecurring", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("MonitorHub:Bootstrap:AdminToken", AdminToken);
        builder.UseSetting("MonitorHub:Bootstrap:AdminPassword", AdminPassword);
        if (_provider == DatabaseProvider.PostgreSQL)
        {
            // ConfigureWebHost runs once, synchronously, when the host is first needed.
            Database = StoreTemplates.NewPostgresDatabase();
            foreach (var (key, value) in Database.Settings()) builder.UseSetting(key, value);
        }
        else if (!_settings.ContainsKey(StoreTemplates.ProviderKey) && !_settings.ContainsKey("MonitorHub:DataDirectory"))
        {
            StoreTemplates.SeedSqlite(_directory);
        }

        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // The in-memory test server gives requests no client address; a real one always has one.
        builder.ConfigureServices(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackClient>());
    }

    private sealed class LoopbackClient : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
