using Microsoft.AspNetCore.SignalR;
using MonitorHub.Infrastructure.Live;

namespace MonitorHub.Web.Hubs;

/// <summary>Forwards the in-process feed to this node's hub connections; one throttled subscription for all
/// topics. It addresses the connections watching each metric here, not the hub group: with the Redis
/// backplane a group spans the nodes, and every node's feed already has every node's samples (the relay),
/// so a group send from each node would reach each client once per node.</summary>
public sealed class LiveHubBridge(LiveFeed feed, IHubContext<LiveHub> hub, LiveHubTopics topics) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(topics.IsWatched, async samples =>
        {
            foreach (var group in samples.GroupBy(s => s.Metric))
            {
                var connections = topics.ConnectionsWatching(group.Key);
                if (connections.Count == 0) continue;
                var points = group.Select(s => new LivePointDto(s.Tags.ToDictionary(), s.Timestamp.UtcDateTime, s.Value)).ToList();
                await hub.Clients.Clients(connections).SendAsync("samples", group.Key, points);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
