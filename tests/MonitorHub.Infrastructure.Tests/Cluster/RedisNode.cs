using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Live;

namespace MonitorHub.Infrastructure.Tests.Cluster;

/// <summary>
/// One in-process "node": its own feeds, invalidations and Redis relay, as AddCluster registers them,
/// without a store. Two of them on one Redis (same channel prefix) stand for two MonitorHub processes.
/// The feed keeps its real pace (System clock): these tests wait for deliveries, never for time.
/// </summary>
internal sealed class RedisNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private RedisNode(ServiceProvider services) => _services = services;

    public static async Task<RedisNode> StartAsync(string? redis)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [RedisOptions.ConfigurationKey] = redis })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AlarmFeed>();
        services.AddSingleton<DeploymentFeed>();
        services.AddCluster(config);
        var node = new RedisNode(services.BuildServiceProvider());
        try
        {
            foreach (var hosted in node._services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                node._started.Add(hosted);
            }
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    public IServiceProvider Services => _services;
    public LiveFeed Live => _services.GetRequiredService<LiveFeed>();
    public AlarmFeed Alarms => _services.GetRequiredService<AlarmFeed>();
    public DeploymentFeed Deployments => _services.GetRequiredService<DeploymentFeed>();
    public ClusterInvalidations Invalidations => _services.GetRequiredService<ClusterInvalidations>();
    public string Id => _services.GetRequiredService<ClusterNode>().Id;

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _started) await hosted.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
