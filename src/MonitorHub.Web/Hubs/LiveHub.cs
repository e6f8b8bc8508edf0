using Microsoft.AspNetCore.SignalR;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hubs;

/// <summary>Live samples for JavaScript and .NET clients. Clients join a topic per metric key and
/// receive <c>samples(metric, points)</c> at most every 100 ms per topic.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Features.Security.Policies.Read)]
public sealed class LiveHub(LiveHubTopics topics, LiveHubConnections connections) : Hub
{
    public const string Path = "/hubs/live";

    public static string MetricGroup(string metricKey) => "metric:" + metricKey;

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public async Task Subscribe(string metricKey)
    {
        if (!IngestionLimits.IsValidMetricKey(metricKey)) throw new HubException("Invalid metric key.");
        if (!topics.Add(Context.ConnectionId, metricKey))
            throw new HubException($"At most {LiveHubTopics.MaxTopicsPerConnection} topics per connection; unsubscribe from one first.");
        await Groups.AddToGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
    }

    public async Task Unsubscribe(string metricKey)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
        topics.Remove(Context.ConnectionId, metricKey);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        topics.RemoveConnection(Context.ConnectionId);
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

public sealed record LivePointDto(IReadOnlyDictionary<string, string> Tags, DateTime T, double V);
