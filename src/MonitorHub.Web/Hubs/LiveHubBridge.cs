using Microsoft.AspNetCore.SignalR;
using MonitorHub.Infrastructure.Live;

namespace MonitorHub.Web.Hubs;

/// <summary>Forwards the in-process feed to hub groups; one throttled subscription for all topics.</summary>
public sealed class LiveHubBridge(LiveFeed feed, IHubContext<LiveHub> hub, LiveHubTopics topics) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(topics.IsWatched, async samples =>
        {
            foreach (var group in samples.GroupBy(s => s.Metric))
            {
                var points = group.Select(s => new LivePointDto(s.Tags.ToDictionary(), s.Timestamp.UtcDateTime, s.Value)).ToList();
                await hub.Clients.Group(LiveHub.MetricGroup(group.Key)).SendAsync("samples", group.Key, points);
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
