using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>
/// Two whole apps on one SQLite store and one Redis, standing for two nodes until the PostgreSQL
/// provider lets the multi-node tests run real processes. Only one of them ingests: SQLite has one writer.
/// </summary>
public sealed class TwoNodeRedisTests
{
    // A bound on how long a broken relay may keep a test waiting, not a measurement.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KeyRevokedOnHostA_IsRefusedOnHostB_OnTheNextRequest_AndItsHubConnectionOnBCloses()
    {
        var (a, b, directory) = StartTwo();
        await using (a)
        await using (b)
        {
            var adminA = a.CreateAdminClient();
            var created = await (await adminA.PostAsJsonAsync("/api/v1/keys", new { name = "dashboard", scopes = new[] { "read" } })).JsonAsync();
            var secret = created.GetProperty("secret").GetString()!;
            var onB = b.CreateClientWith(secret);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/metrics")).StatusCode);
            await using var hub = Connect(b.Server, secret);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hub.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await hub.StartAsync();
            var seenOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            b.Services.GetRequiredService<ClusterInvalidations>().On(CacheNames.ApiKeys, () => seenOnB.TrySetResult());

            var revoked = await adminA.DeleteAsync($"/api/v1/keys/{created.GetProperty("key").GetProperty("id").GetString()}");
            Assert.True(revoked.IsSuccessStatusCode);
            await seenOnB.Task.WaitAsync(Patience);

            Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/metrics")).StatusCode);
            // No revalidation pass is run by hand: B's hub checks its connections when the revocation arrives.
            await closed.Task.WaitAsync(Patience);
        }

        Cleanup(directory);
    }

    [Fact]
    public async Task UserDisabledOnHostA_IsSignedOutOnHostB_OnTheNextRequest()
    {
        var (a, b, directory) = StartTwo();
        await using (a)
        await using (b)
        {
            var adminA = a.CreateAdminClient();
            await Session.CreateUserAsync(adminA, "leaver", "leaver-password-1", "Viewer");
            var onB = await Session.SignedInAsync(b, "leaver", "leaver-password-1");
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/metrics")).StatusCode);
            var seenOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            b.Services.GetRequiredService<ClusterInvalidations>().On(CacheNames.Users, () => seenOnB.TrySetResult());

            Assert.Equal(HttpStatusCode.OK, (await adminA.PutAsJsonAsync("/api/v1/users/leaver", new { disabled = true })).StatusCode);
            await seenOnB.Task.WaitAsync(Patience);

            // Well inside the security-stamp interval (a minute): only the announced change signs the cookie out.
            Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/metrics")).StatusCode);
        }

        Cleanup(directory);
    }

    [Fact]
    public async Task SampleIngestedOnHostA_ReachesHubClientOnHostB_Once()
    {
        var (a, b, directory) = StartTwo();
        await using (a)
        await using (b)
        {
            var points = new ConcurrentQueue<double>();
            var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var hubOnB = Connect(b.Server, MonitorHubFactory.AdminToken);
            hubOnB.On<string, JsonElement>("samples", (_, batch) =>
            {
                foreach (var point in batch.EnumerateArray()) points.Enqueue(point.GetProperty("v").GetDouble());
                if (points.Contains(2)) marker.TrySetResult();
            });
            await hubOnB.StartAsync();
            await hubOnB.InvokeAsync("Subscribe", "nodes.latency");
            // A client on A watches the same metric: A's hub pushes too, which must not reach B's client as well.
            await using var hubOnA = Connect(a.Server, MonitorHubFactory.AdminToken);
            var onA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hubOnA.On<string, JsonElement>("samples", (_, _) => onA.TrySetResult());
            await hubOnA.StartAsync();
            await hubOnA.InvokeAsync("Subscribe", "nodes.latency");

            Assert.True((await a.CreateAdminClient().PostSamplesAsync(new { metric = "nodes.latency", value = 1 })).IsSuccessStatusCode);
            await onA.Task.WaitAsync(Patience);
            Assert.True((await a.CreateAdminClient().PostSamplesAsync(new { metric = "nodes.latency", value = 2 })).IsSuccessStatusCode);
            await marker.Task.WaitAsync(Patience);

            Assert.Equal([1.0, 2.0], points.Order());
        }

        Cleanup(directory);
    }

    private static (MonitorHubFactory A, MonitorHubFactory B, string Directory) StartTwo()
    {
        var redis = RedisServer.Require();
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-web-tests", Guid.NewGuid().ToString("N"));
        // Two hosts on one SQLite folder (the E2E tests run two processes on PostgreSQL).
        var settings = new Dictionary<string, string> { ["MonitorHub:DataDirectory"] = directory, [StoreTemplates.ProviderKey] = "Sqlite", [RedisOptions.ConfigurationKey] = redis };
        var a = new MonitorHubFactory(settings);
        _ = a.Services; // started (and the store migrated) before B opens it
        var b = new MonitorHubFactory(settings);
        _ = b.Services;
        return (a, b, directory);
    }

    private static void Cleanup(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static HubConnection Connect(Microsoft.AspNetCore.TestHost.TestServer server, string key) => new HubConnectionBuilder()
        .WithUrl(new Uri(server.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            o.Headers["X-Api-Key"] = key;
        })
        .Build();
}
