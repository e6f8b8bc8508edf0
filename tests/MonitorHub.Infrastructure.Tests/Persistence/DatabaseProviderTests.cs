using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Tests.Persistence;

/// <summary>The provider switch: options checked at start-up, and migrations on PostgreSQL under a lock.</summary>
public sealed class DatabaseProviderTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        settings["MonitorHub:DataDirectory"] = directory;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorHubInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), directory);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("PostgreSQL", null)]
    [InlineData("PostgreSQL", "  ")]
    [InlineData("PostgreSQL", "Host=db")]
    [InlineData("PostgreSQL", "not a connection string")]
    [InlineData("Sqlite", "Host=db;Database=monitorhub")]
    public void Migrate_WithAConnectionStringThatDoesNotFitTheProvider_StopsWithTheSettingsName(string provider, string? connectionString)
    {
        using var services = Build(new() { ["MonitorHub:Database:Provider"] = provider, ["MonitorHub:Database:ConnectionString"] = connectionString });

        var error = Assert.Throws<OptionsValidationException>(services.MigrateMonitorHubDatabase);

        Assert.Contains("MonitorHub:Database:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void Options_OnPostgreSqlWithoutAValidHashKey_StopTheStart_NamingTheSetting(string? hashKey)
    {
        var settings = PostgresDatabase.SettingsFor("Host=127.0.0.1;Database=unused");
        settings["MonitorHub:Security:HashKey"] = hashKey;
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(services.MigrateMonitorHubDatabase);

        Assert.Contains("MonitorHub:Security:HashKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNodesOnPostgreSql_HashASensitiveValueAlike()
    {
        await using var nodeA = Build(PostgresDatabase.SettingsFor("Host=127.0.0.1;Database=unused"));
        await using var nodeB = Build(PostgresDatabase.SettingsFor("Host=127.0.0.1;Database=unused"));

        var hashA = nodeA.GetRequiredService<SensitiveFields>().Hash("alice@example.com");

        Assert.Equal(hashA, nodeB.GetRequiredService<SensitiveFields>().Hash("alice@example.com"));
        Assert.NotEqual(hashA, nodeA.GetRequiredService<SensitiveFields>().Hash("bob@example.com"));
    }

    [Fact]
    public async Task TwoNodesMigratingTogether_BothSucceed_AndTheSchemaIsAppliedOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = database.Settings();
        await using var nodeA = Build(new(settings));
        await using var nodeB = Build(new(settings));

        // Both start at once, as two nodes behind a load balancer would: one migrates, the other waits
        // and then finds nothing pending (neither fails on tables the other just created).
        using var start = new Barrier(2);
        await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(TestContext.Current.CancellationToken); nodeA.MigrateMonitorHubDatabase(); }, TestContext.Current.CancellationToken),
            Task.Run(() => { start.SignalAndWait(TestContext.Current.CancellationToken); nodeB.MigrateMonitorHubDatabase(); }, TestContext.Current.CancellationToken));

        Assert.Equal(1, await database.ScalarAsync("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        // The lock is released: nothing is left holding it. Only this database's: pg_locks lists the whole
        // server's, and test classes running alongside migrate databases of their own under the same key.
        Assert.Equal(0, await database.ScalarAsync(
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {Infrastructure.Persistence.DatabaseSetup.MigrationLockKey} " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }
}
