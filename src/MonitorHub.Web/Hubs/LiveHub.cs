using Microsoft.AspNetCore.SignalR;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hubs;

/// <summary>Live samples for JavaScript and .NET clients. Clients join a topic per metric key and
/// receive <c>samples(metric, points)</c> at most every 100 ms per topic; with Redis, samples ingested on any node.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Features.Security.Policies.Read)]
public sealed class LiveHub(LiveHubTopics topics, LiveHubConnections connections) : Hub
{
    public const string Path = "/hubs/live";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    // Topics are kept in LiveHubTopics rather than hub groups: the bridge addresses this node's connections
    // itself (a group would span the nodes behind the Redis backplane and cost a Redis subscription each).
    public Task Subscribe(string metricKey)
    {
        if (!IngestionLimits.IsValidMetricKey(metricKey)) throw new HubException("Invalid metric key.");
        if (!topics.Add(Context.ConnectionId, metricKey))
            throw new HubException($"At most {LiveHubTopics.MaxTopicsPerConnection} topics per connection; unsubscribe from one first.");
        return Task.CompletedTask;
    }

    public Task Unsubscribe(string metricKey)
    {
        topics.Remove(Context.ConnectionId, metricKey);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        topics.RemoveConnection(Context.ConnectionId);
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

public sealed record LivePointDto(IReadOnlyDictionary<string, string> Tags, DateTime T, double V);
