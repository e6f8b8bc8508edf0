namespace MonitorHub.Web.Hubs;

public static class LiveHubSetup
{
    /// <summary>The realtime hub's topic bookkeeping, the revalidation of its connections and the
    /// bridge that forwards the in-process feed to it.</summary>
    public static IServiceCollection AddLiveHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<LiveHubTopics>();
        services.AddSingleton<LiveHubConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHubConnections>());
        services.AddHostedService<LiveHubBridge>();
        return services;
    }
}
