using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Web.Hubs;

namespace MonitorHub.Web.Tests.Features.Security;

/// <summary>Forgery, proxies, lockout, open connections and cached permissions.</summary>
public sealed class SecurityHardeningTests
{
    private static readonly Dictionary<string, string> BehindProxy = new()
    {
        ["MonitorHub:Security:KnownProxies:0"] = "127.0.0.1",
        ["MonitorHub:Security:LoginAttemptsPerMinute"] = "100",
    };

    [Fact]
    public async Task CookieAuthenticatedApiWrite_FromAForm_IsRefused_AndStoresNothing()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        await Session.CreateUserAsync(admin, "eddie", "editor-password-1", "Editor");
        var browser = await Session.SignedInAsync(factory, "eddie", "editor-password-1", asScript: false);

        // What a cross-site form can send: the cookie rides along, but no custom header.
        var forged = await browser.PostAsync("/api/v1/systems", new StringContent("""{"name":"Forged"}""", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("https://monitorhub.dev/problems/csrf", (await forged.JsonAsync()).GetProperty("type").GetString());
        Assert.DoesNotContain("Forged", await admin.GetStringAsync("/api/v1/systems"), StringComparison.Ordinal);

        // Reading stays possible, and a script of this origin (which can add the header) may write.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/systems")).StatusCode);
        browser.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsJsonAsync("/api/v1/systems", new { name = "Scripted" })).StatusCode);
    }

    [Fact]
    public async Task WrongPasswords_BlockTheGuessingClient_NotTheOwnerElsewhere()
    {
        await using var factory = new MonitorHubFactory(BehindProxy);
        await Session.CreateUserAsync(factory.CreateAdminClient(), "owner", "right-password-1", "Viewer");
        var attacker = ClientFrom(factory, "203.0.113.66");
        for (var i = 0; i < 5; i++) await Session.PostLoginAsync(attacker, "owner", "guess-" + i);

        var blocked = await Session.PostLoginAsync(attacker, "owner", "right-password-1");
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Contains("Too many failed attempts from this address", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The owner, from their own address, signs in at once: nobody can lock an account from outside.
        var owner = await Session.PostLoginAsync(ClientFrom(factory, "198.51.100.7"), "owner", "right-password-1");
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.DoesNotContain("\"lockedOut\":true", await factory.CreateAdminClient().GetStringAsync("/api/v1/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnlistedProxy_IsIgnored()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Security:LoginAttemptsPerMinute"] = "100" });
        await Session.CreateUserAsync(factory.CreateAdminClient(), "owner2", "right-password-1", "Viewer");
        for (var i = 0; i < 5; i++) await Session.PostLoginAsync(ClientFrom(factory, "203.0.113." + i), "owner2", "guess-" + i);

        // Without KnownProxies every request is the connection's own address: all five counted together.
        var next = await Session.PostLoginAsync(ClientFrom(factory, "203.0.113.99"), "owner2", "right-password-1");
        Assert.Contains("Too many failed attempts from this address", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginRateLimit_IsPerRealClient_BehindAProxy()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Security:KnownProxies:0"] = "127.0.0.1", ["MonitorHub:Security:LoginAttemptsPerMinute"] = "3" });
        var busy = ClientFrom(factory, "203.0.113.10");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await Session.PostLoginAsync(busy, "nobody", "x-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Session.PostLoginAsync(busy, "nobody", "x-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Session.PostLoginAsync(ClientFrom(factory, "203.0.113.11"), "nobody", "x-password-1")).StatusCode);
    }

    [Fact]
    public async Task HttpsPublicUrl_SendsHsts_AndSecureCookies()
    {
        await using var factory = new MonitorHubFactory(new(BehindProxy) { ["MonitorHub:PublicUrl"] = "https://monitorhub.example" });
        var client = ClientFrom(factory, "203.0.113.20");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // HSTS is never sent to localhost (the test server's default host).
        client.DefaultRequestHeaders.Host = "monitorhub.example";
        var page = await client.GetAsync("/account/login");
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "no HSTS header behind a TLS-terminating proxy");
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var auth = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, auth.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task PlainHttpPublicUrl_SendsNoHsts()
    {
        await using var factory = new MonitorHubFactory();
        var page = await factory.CreateClientWith(null).GetAsync("/account/login");
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task HubConnectionOfARevokedKey_IsClosed()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/keys", new { name = "dashboard", scopes = new[] { "read" } })).JsonAsync();
        await using var hub = Connect(factory, created.GetProperty("secret").GetString()!);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", "revoked.metric");
        var connections = factory.Services.GetRequiredService<LiveHubConnections>();

        Assert.Equal(0, await connections.RevalidateAsync(CancellationToken.None));
        await admin.DeleteAsync($"/api/v1/keys/{created.GetProperty("key").GetProperty("id").GetString()}");

        // No pass is run here: the revocation starts one at once (the "api-keys" invalidation), long
        // before the revalidation interval.
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await WaitUntilAsync(() => factory.Services.GetRequiredService<LiveHubTopics>().TopicCount == 0 && connections.Count == 0);
    }

    [Fact]
    public async Task HubTopics_AreBoundedPerConnection_AndForgottenOnUnsubscribeAndDisconnect()
    {
        await using var factory = new MonitorHubFactory();
        var topics = factory.Services.GetRequiredService<LiveHubTopics>();
        await using (var hub = Connect(factory, MonitorHubFactory.AdminToken))
        {
            await hub.StartAsync();
            for (var i = 0; i < LiveHubTopics.MaxTopicsPerConnection; i++) await hub.InvokeAsync("Subscribe", $"many.m{i}");
            var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync("Subscribe", "many.one-too-many"));
            Assert.Contains("At most 100 topics", error.Message, StringComparison.Ordinal);
            Assert.Equal(LiveHubTopics.MaxTopicsPerConnection, topics.TopicCount);

            await hub.InvokeAsync("Unsubscribe", "many.m0");
            Assert.Equal(LiveHubTopics.MaxTopicsPerConnection - 1, topics.TopicCount);
            Assert.False(topics.IsWatched("many.m0"));
            await hub.InvokeAsync("Subscribe", "many.one-too-many");
        }

        await WaitUntilAsync(() => topics.TopicCount == 0);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }

    private static HttpClient ClientFrom(MonitorHubFactory factory, string address)
    {
        var client = factory.CreateClientWith(null);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static HubConnection Connect(MonitorHubFactory factory, string key) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            o.Headers["X-Api-Key"] = key;
        })
        .Build();
}
