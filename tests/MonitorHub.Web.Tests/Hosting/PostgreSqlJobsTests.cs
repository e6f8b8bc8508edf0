using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Tests.Support;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>Hangfire's storage follows the database provider: on PostgreSQL it lives in MonitorHub's
/// database, where every node sees the same queues and recurring jobs.</summary>
public sealed class PostgreSqlJobsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        settings["MonitorHub:DataDirectory"] = directory;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMonitorHubInfrastructure(configuration, directory);
        services.AddMonitorHubJobs(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Jobs_WithThePostgreSqlProvider_AreQueuedInTheHangfireSchemaOfMonitorHubsDatabase()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var services = Build(database.Settings());

        Assert.IsType<PostgreSqlStorage>(services.GetRequiredService<JobStorage>());
        services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Console.WriteLine("queued on PostgreSQL"));

        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM {JobsSetup.HangfireSchema}.job"));
    }

    [Fact]
    public void PostgreSqlJobStorage_WithTheSqliteProvider_IsRefused_NamingBothSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [JobsSetup.StorageKey] = "PostgreSQL" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => { new ServiceCollection().AddMonitorHubJobs(configuration); });

        Assert.Contains(JobsSetup.StorageKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("MonitorHub:Database:Provider", error.Message, StringComparison.Ordinal);
    }
}
