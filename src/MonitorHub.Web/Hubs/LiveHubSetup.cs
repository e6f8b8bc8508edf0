using MonitorHub.Infrastructure;
using StackExchange.Redis;

namespace MonitorHub.Web.Hubs;

public static class LiveHubSetup
{
    /// <summary>Prefix of the SignalR backplane's Redis channels, apart from the live feed's own (<c>monitorhub:live</c> etc.).</summary>
    public const string BackplanePrefix = "monitorhub";

    /// <summary>The realtime hub's topic bookkeeping, the revalidation of its connections and the
    /// bridge that forwards the in-process feed to it. With <c>MonitorHub:Redis:Configuration</c> set, the
    /// hub's groups span the nodes through the Redis backplane.</summary>
    public static IServiceCollection AddLiveHub(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR();
        if (RedisOptions.TryParse(configuration[RedisOptions.ConfigurationKey], out var redis))
        {
            signalR.AddStackExchangeRedis(o =>
            {
                o.Configuration = redis!;
                o.Configuration.AbortOnConnectFail = false;
                o.Configuration.ChannelPrefix = RedisChannel.Literal(BackplanePrefix);
            });
        }

        services.AddSingleton<LiveHubTopics>();
        services.AddSingleton<LiveHubConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHubConnections>());
        services.AddHostedService<LiveHubBridge>();
        return services;
    }
}
