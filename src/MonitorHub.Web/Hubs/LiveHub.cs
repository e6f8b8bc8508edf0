using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hubs;

/// <summary>Live samples for JavaScript and .NET clients. Clients join a topic per metric key and
/// receive <c>samples(metric, points)</c> at most every 100 ms per topic.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Features.Security.Policies.Read)]
public sealed class LiveHub(LiveHubTopics topics) : Hub
{
    public const string Path = "/hubs/live";

    public static string MetricGroup(string metricKey) => "metric:" + metricKey;

    public async Task Subscribe(string metricKey)
    {
        if (!IngestionLimits.IsValidMetricKey(metricKey)) throw new HubException("Invalid metric key.");
        await Groups.AddToGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
        topics.Add(Context.ConnectionId, metricKey);
    }

    public async Task Unsubscribe(string metricKey)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
        topics.Remove(Context.ConnectionId, metricKey);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        topics.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Which metric topics have hub clients, so the bridge forwards only those and the writer
/// builds no live copies of samples nobody watches.</summary>
public sealed class LiveHubTopics
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byMetric = new();

    public bool IsWatched(string metric) => _byMetric.TryGetValue(metric, out var connections) && !connections.IsEmpty;

    public void Add(string connectionId, string metric) => _byMetric.GetOrAdd(metric, _ => new())[connectionId] = 0;

    public void Remove(string connectionId, string metric)
    {
        if (_byMetric.TryGetValue(metric, out var connections)) connections.TryRemove(connectionId, out _);
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var connections in _byMetric.Values) connections.TryRemove(connectionId, out _);
    }
}

public sealed record LivePointDto(IReadOnlyDictionary<string, string> Tags, DateTime T, double V);
