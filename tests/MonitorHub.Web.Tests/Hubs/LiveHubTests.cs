using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace MonitorHub.Web.Tests.Hubs;

public sealed class LiveHubTests
{
    [Fact]
    public async Task Subscriber_ReceivesSamplesOfItsMetricOnly()
    {
        await using var factory = new MonitorHubFactory();
        var client = factory.CreateAdminClient();
        var server = factory.Server;
        await using var hub = Connect(server);
        var received = new TaskCompletionSource<(string Metric, JsonElement Points)>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<string, JsonElement>("samples", (metric, points) => received.TrySetResult((metric, points)));
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", "hub.watched");

        await client.PostSamplesAsync(new { metric = "hub.other", value = 1 }, new { metric = "hub.watched", value = 42.5, tags = new { host = "a" } });

        var (metric, points) = await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("hub.watched", metric);
        var point = Assert.Single(points.EnumerateArray());
        Assert.Equal(42.5, point.GetProperty("v").GetDouble());
        Assert.Equal("a", point.GetProperty("tags").GetProperty("host").GetString());
    }

    private static HubConnection Connect(Microsoft.AspNetCore.TestHost.TestServer server) => new HubConnectionBuilder()
        .WithUrl(new Uri(server.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            o.Headers["X-Api-Key"] = MonitorHubFactory.AdminToken;
        })
        .Build();

    [Fact]
    public async Task SubscribingToAnInvalidKey_Fails()
    {
        await using var factory = new MonitorHubFactory();
        var server = factory.Server;
        await using var hub = Connect(server);
        await hub.StartAsync();
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync("Subscribe", "Not A Key"));
    }
}
