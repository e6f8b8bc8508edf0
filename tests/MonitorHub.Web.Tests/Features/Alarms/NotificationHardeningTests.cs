using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Alarms;

/// <summary>Receivers that hang, probe or leak must not hurt alerting; the outbox loses nothing.</summary>
public sealed class NotificationHardeningTests
{
    private const string LoopbackAllowed = "MonitorHub:Security:AllowedPrivateTargets:0";

    private static async Task<int> CreateChannelAsync(HttpClient admin, string url, string kind = "webhook")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/channels", new { name = "c-" + Guid.NewGuid().ToString("N")[..6], kind, url });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("channel").GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task RuleEvaluation_KeepsItsInterval_WhileAReceiverHangs()
    {
        // The real schedule: this test is about the recurring evaluation keeping its pace.
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "127.0.0.1", [Web.Hosting.JobsSetup.RunRecurringKey] = "true" });
        using var hung = HangingReceiver.Start();
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, hung.Url);
        // Twenty notifications to a receiver that accepts connections and never answers.
        var delivery = factory.Services.GetRequiredService<NotificationDelivery>();
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            for (var i = 0; i < 20; i++) await delivery.EnqueueAsync(db, channel, null, id => $$"""{"deliveryId":"{{id}}"}""", TestContext.Current.CancellationToken);
        }

        var rule = await (await admin.PostAsJsonAsync("/api/v1/rules", new { name = "Starved?", metric = "hang.metric", threshold = 10, evaluationIntervalSeconds = 10 })).JsonAsync();
        var ruleId = rule.GetProperty("id").GetInt32();
        await admin.PostSamplesAsync(new { metric = "hang.metric", value = 1 });

        // The recurring evaluation (every 10 s) must keep running while deliveries wait on the receiver.
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (seen.Count < 3 && DateTime.UtcNow < deadline)
        {
            var rules = await (await admin.GetAsync("/api/v1/rules", TestContext.Current.CancellationToken)).JsonAsync();
            var at = rules.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == ruleId).GetProperty("lastEvaluatedAt");
            if (at.ValueKind == System.Text.Json.JsonValueKind.String) seen.Add(at.GetString()!);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.True(seen.Count >= 3, $"the rule was evaluated {seen.Count} time(s) while the receiver hung");
        Assert.True(hung.Connections > 0, "no delivery reached the hung receiver");
        Assert.InRange(hung.MaxConcurrent, 1, NotificationDelivery.MaxConcurrentPerChannel);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://192.168.0.10/hook")]
    public async Task ChannelToAPrivateAddress_Is400NamingTheUrl(string url)
    {
        await using var factory = new MonitorHubFactory();
        var response = await factory.CreateAdminClient().PostAsJsonAsync("/api/v1/channels", new { name = "probe", url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal("url", error.GetProperty("field").GetString());
        Assert.Contains("AllowedPrivateTargets", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListedPrivateNetwork_IsAllowed()
    {
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "10.0.0.0/8" });
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateAdminClient().PostAsJsonAsync("/api/v1/channels", new { name = "intranet", url = "http://10.1.2.3/hook" })).StatusCode);
    }

    [Fact]
    public async Task AddressIsCheckedAtConnectTime_SoAUrlThatNowPointsInsideIsRefused()
    {
        await using var factory = new MonitorHubFactory();
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, "http://203.0.113.7/hook");
        // As if DNS now answered with a loopback address (rebinding): the saved URL points inside.
        await WithDbAsync(factory, db => db.Channels.Where(c => c.Id == channel).ExecuteUpdateAsync(u => u.SetProperty(c => c.Url, receiver.Url)));

        var sent = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).JsonAsync();
        var status = await factory.Services.GetRequiredService<NotificationDelivery>().DeliverAsync(sent.GetProperty("notificationId").GetInt64(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retrying, status);
        Assert.Empty(receiver.Received);
        var log = await (await admin.GetAsync($"/api/v1/channels/{channel}/deliveries")).JsonAsync();
        Assert.Contains("private address", log[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_AreNotFollowed()
    {
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "127.0.0.1" });
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, receiver.RedirectUrl);
        var sent = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).JsonAsync();
        var status = await factory.Services.GetRequiredService<NotificationDelivery>().DeliverAsync(sent.GetProperty("notificationId").GetInt64(), CancellationToken.None);

        Assert.NotEqual(DeliveryStatus.Delivered, status);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task DeliveryErrors_AreShownToEditors_NotToViewers()
    {
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "127.0.0.1" });
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, "http://127.0.0.1:9/hook");
        var sent = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).JsonAsync();
        await factory.Services.GetRequiredService<NotificationDelivery>().DeliverAsync(sent.GetProperty("notificationId").GetInt64(), CancellationToken.None);
        await Session.CreateUserAsync(admin, "vera", "viewer-password-1", "Viewer");
        var viewer = await Session.SignedInAsync(factory, "vera", "viewer-password-1");

        var asAdmin = await (await admin.GetAsync($"/api/v1/channels/{channel}/deliveries")).JsonAsync();
        var asViewer = await (await viewer.GetAsync($"/api/v1/channels/{channel}/deliveries")).JsonAsync();
        Assert.Contains("refused", asAdmin[0].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asViewer[0].GetProperty("lastError").ValueKind);
        Assert.Equal(asAdmin[0].GetProperty("status").GetString(), asViewer[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task TestSends_AreLimitedPerChannel_With429AndRetryAfter()
    {
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "127.0.0.1" });
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, "http://127.0.0.1:9/hook");
        for (var i = 0; i < ChannelStore.TestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).StatusCode);

        var refused = await admin.PostAsync($"/api/v1/channels/{channel}/test", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(ChannelStore.TestsPerMinute, (await (await admin.GetAsync($"/api/v1/channels/{channel}/deliveries")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task SlackUrl_IsASecret_NeverListedNorAudited()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        const string secretPath = "/services/T000/B000/XXXXsecretXXXX";
        var created = await admin.PostAsJsonAsync("/api/v1/channels", new { name = "slack", kind = "slack", url = "https://hooks.slack.com" + secretPath });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("XXXXsecretXXXX", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var listed = await admin.GetStringAsync("/api/v1/channels");
        Assert.Contains("https://hooks.slack.com/***", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXXsecretXXXX", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXXsecretXXXX", await admin.GetStringAsync("/api/v1/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_DeliversARowWhoseJobWasLost_WithItsDeliveryId()
    {
        await using var factory = new MonitorHubFactory(new() { [LoopbackAllowed] = "127.0.0.1" });
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = factory.CreateAdminClient();
        var channel = await CreateChannelAsync(admin, receiver.Url);
        // A row written to the outbox two minutes ago whose Hangfire job never existed (a crash between the two stores).
        await WithDbAsync(factory, async db =>
        {
            db.Notifications.Add(new NotificationEntity
            {
                ChannelId = channel, DeliveryId = "lost-1", Payload = """{"deliveryId":"lost-1"}""",
                CreatedAtMs = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds(),
            });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await factory.Services.GetRequiredService<NotificationDelivery>().RelayAsync(CancellationToken.None));
        Assert.True(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), "the relayed notification never arrived");
        Assert.Equal("lost-1", receiver.Headers.Single().Delivery);
    }

    private static async Task WithDbAsync(MonitorHubFactory factory, Func<MonitorHubDbContext, Task<int>> work)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync();
        await work(db);
    }

    /// <summary>Accepts TCP connections and never answers: a black-holed webhook.</summary>
    private sealed class HangingReceiver : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _clients = [];
        private int _open;
        private int _maxConcurrent;
        private int _connections;

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";
        public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);
        public int Connections => Volatile.Read(ref _connections);

        public static HangingReceiver Start()
        {
            var receiver = new HangingReceiver();
            receiver._listener.Start();
            _ = receiver.AcceptAsync();
            return receiver;
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (_clients) _clients.Add(client);
                Interlocked.Increment(ref _connections);
                var open = Interlocked.Increment(ref _open);
                int max;
                while (open > (max = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, open, max) != max)
                {
                }

                _ = WatchAsync(client);
            }
        }

        /// <summary>Reads until the client gives up (its timeout closes the connection).</summary>
        private async Task WatchAsync(TcpClient client)
        {
            var buffer = new byte[4096];
            try
            {
                var stream = client.GetStream();
                while (await stream.ReadAsync(buffer) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_clients)
            {
                foreach (var client in _clients) client.Dispose();
            }
        }
    }
}
