using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Security;
using StackExchange.Redis;

namespace MonitorHub.Infrastructure.Tests.Cluster;

public sealed class ClusterSetupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("ssl=true")]
    [InlineData("localhost:6379,notAnOption=1")]
    [InlineData("localhost:6379,connectTimeout=soon")]
    public void StartUp_WithUnusableRedisConfiguration_FailsNamingTheSetting(string configuration)
    {
        var services = new ServiceCollection();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [RedisOptions.ConfigurationKey] = configuration }).Build();
        services.AddMonitorHubInfrastructure(config, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MonitorHubOptions>>().Value);

        Assert.Contains("MonitorHub:Redis:Configuration", error.Message, StringComparison.Ordinal);
        Assert.Null(provider.GetService<IConnectionMultiplexer>());
    }

    [Fact]
    public async Task ReadyCheck_IsHealthy_WhenRedisAnswers()
    {
        await using var node = await RedisNode.StartAsync(RedisServer.Require());

        var report = await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, report.Entries[RedisHealthCheck.Name].Status);
    }

    [Fact]
    public async Task ReadyCheck_IsUnhealthy_WhenRedisIsNotReachable()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{ClosedPort()},abortConnect=false,connectTimeout=500");

        var result = await new RedisHealthCheck(redis).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Node_DoesNotStart_WhenRedisIsNotReachable()
    {
        // Running without hearing other nodes would keep serving keys they revoked: refusing to start says so.
        var error = await Assert.ThrowsAnyAsync<RedisException>(() => RedisNode.StartAsync($"127.0.0.1:{ClosedPort()},connectTimeout=500"));

        Assert.Contains("SUBSCRIBE", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Two stores on one SQLite file, each with its own caches and relay, as two nodes would be on
    /// one database: B has the key cached as valid; once A revokes it, B refuses it on its next check.</summary>
    [Fact]
    public async Task KeyRevokedOnNodeA_IsRefusedOnNodeB_OnItsNextCheck()
    {
        var redis = RedisServer.Require();
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = directory, [StoreTemplates.ProviderKey] = "Sqlite", [RedisOptions.ConfigurationKey] = redis };
        try
        {
            await using var a = await StartNodeAsync(settings);
            await using var b = await StartNodeAsync(settings);
            var created = (await a.Get<ApiKeyStore>().CreateAsync("pipeline", null, ["ingest"], "admin")).Value!;
            Assert.NotNull(await b.Get<ApiKeyStore>().ValidateAsync(created.Secret));
            var seenOnB = new TaskCompletionSource();
            b.Get<ClusterInvalidations>().On(CacheNames.ApiKeys, () => seenOnB.TrySetResult());

            Assert.True(await a.Get<ApiKeyStore>().RevokeAsync(created.Info.Id, "admin"));
            await seenOnB.Task.WaitAsync(Patience);

            Assert.Null(await b.Get<ApiKeyStore>().ValidateAsync(created.Secret));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<StoreFixture> StartNodeAsync(Dictionary<string, string?> settings)
    {
        var node = new StoreFixture(settings);
        await node.Services.GetServices<IHostedService>().OfType<RedisRelay>().Single().StartAsync(CancellationToken.None);
        return node;
    }
}
