using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MonitorHub.Infrastructure.Cluster;

public static class ClusterServices
{
    /// <summary>Invalidations by name on every node; with <c>MonitorHub:Redis:Configuration</c> set, one Redis
    /// connection, the relay that carries feeds and invalidations between nodes, and its readiness check.
    /// An unparsable setting registers nothing here: the options validation stops the start naming the key.</summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ClusterNode>();
        services.AddSingleton<ClusterInvalidations>();
        if (!RedisOptions.TryParse(configuration[RedisOptions.ConfigurationKey], out _)) return services;

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            RedisOptions.TryParse(configuration[RedisOptions.ConfigurationKey], out var options);
            // A node starts while Redis is briefly away and reconnects (re-subscribing) on its own;
            // readiness reports it meanwhile instead of the process failing to start.
            options!.AbortOnConnectFail = false;
            options.ClientName ??= "monitorhub-" + sp.GetRequiredService<ClusterNode>().Id;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddHostedService<RedisRelay>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
