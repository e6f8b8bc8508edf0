using Microsoft.AspNetCore.SignalR;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hubs;

/// <summary>Live samples for JavaScript and .NET clients. Clients join a topic per metric key and
/// receive <c>samples(metric, points)</c> at most every 100 ms per topic.</summary>
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";

    public static string MetricGroup(string metricKey) => "metric:" + metricKey;

    public async Task Subscribe(string metricKey)
    {
        if (!IngestionLimits.IsValidMetricKey(metricKey)) throw new HubException("Invalid metric key.");
        await Groups.AddToGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
    }

    public Task Unsubscribe(string metricKey) => Groups.RemoveFromGroupAsync(Context.ConnectionId, MetricGroup(metricKey));
}

public sealed record LivePointDto(IReadOnlyDictionary<string, string> Tags, DateTime T, double V);
