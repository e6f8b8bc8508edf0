using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Security;

public sealed class SecurityTests() : AdminApiTests(new() { ["MonitorHub:Security:LoginAttemptsPerMinute"] = "100" })
{
    private static readonly int ApiKeyPrefixLength = MonitorHub.Infrastructure.Security.ApiKeyStore.Prefix.Length;

    private async Task<(string Id, string Secret)> CreateKeyAsync(object request)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/keys", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("key").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task RevokedKey_IsRejectedImmediately_AndKeyListNeverShowsSecrets()
    {
        var (id, secret) = await CreateKeyAsync(new { name = "pusher", scopes = new[] { "ingest" } });
        var pusher = Factory.CreateClientWith(secret);
        Assert.Equal(HttpStatusCode.Accepted, (await pusher.PostSamplesAsync(new { metric = "sec.m", value = 1 })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await pusher.PostSamplesAsync(new { metric = "sec.m", value = 2 })).StatusCode);
        var list = await Admin.GetStringAsync("/api/v1/keys");
        // The secret part may itself contain '_' (base64url): everything after the second one.
        Assert.DoesNotContain(secret[(secret.IndexOf('_', ApiKeyPrefixLength) + 1)..], list, StringComparison.Ordinal);
        Assert.Contains("revokedAt", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyValidation_RejectsBadRequestsWithFieldNames()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "", scopes = new[] { "root" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "scopes"], fields);
        Assert.Equal("[]", await Admin.GetStringAsync("/api/v1/keys"));
    }

    [Fact]
    public async Task SensitiveTags_NeverReachTheDatabaseInClear()
    {
        var system = await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Health records" })).JsonAsync();
        var systemId = system.GetProperty("id").GetInt32();
        var put = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/sensitive-fields",
            new { fields = new object[] { new { name = "patient_id", mode = "Hash" }, new { name = "email", mode = "Drop" } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (_, secret) = await CreateKeyAsync(new { name = "ehr", systemId, scopes = new[] { "ingest" } });

        var pusher = Factory.CreateClientWith(secret);
        var response = await pusher.PostSamplesAsync(
            new { metric = "ehr.wait_minutes", value = 12, tags = new { patient_id = "P-998877", email = "jane@example.org", ward = "B" } },
            new { metric = "ehr.wait_minutes", value = 14, tags = new { patient_id = "P-998877", ward = "B" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        Assert.False(StoreInspection.Contains(Factory.Services, "P-998877"));
        Assert.False(StoreInspection.Contains(Factory.Services, "jane@example.org"));

        // Hashed values still group: both samples landed in one series, keyed by the hash.
        var series = await (await Admin.GetAsync("/api/v1/metrics/ehr.wait_minutes/series?agg=count")).JsonAsync();
        var only = Assert.Single(series.GetProperty("series").EnumerateArray());
        var tags = only.GetProperty("tags");
        Assert.StartsWith("hmac:", tags.GetProperty("patient_id").GetString(), StringComparison.Ordinal);
        Assert.False(tags.TryGetProperty("email", out _));
        Assert.Equal("B", tags.GetProperty("ward").GetString());
    }

    [Fact]
    public async Task FiveWrongPasswords_BlockThatClient_EvenForTheRightOne()
    {
        await Session.CreateUserAsync(Admin, "locky", "right-password-1", "Viewer");
        var client = Factory.CreateClientWith(null);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Session.PostLoginAsync(client, "locky", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await Session.PostLoginAsync(client, "locky", "right-password-1");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Too many failed attempts from this address", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The account itself is not locked: other clients can still sign in (see SecurityHardeningTests).
        var users = await Admin.GetStringAsync("/api/v1/users");
        Assert.DoesNotContain("\"lockedOut\":true", users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn()
    {
        await Session.CreateUserAsync(Admin, "leaver", "leaver-password-1", "Editor");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/users/leaver", new { disabled = true })).StatusCode);
        var response = await Session.PostLoginAsync(Factory.CreateClientWith(null), "leaver", "leaver-password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("disabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_AreAuditedWithActorBeforeAndAfter()
    {
        await Admin.PostSamplesAsync(new { metric = "audited.metric", value = 1 });
        await Session.CreateUserAsync(Admin, "ed", "editor-password-1", "Editor");
        var editor = await Session.SignedInAsync(Factory, "ed", "editor-password-1");
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync("/api/v1/metrics/audited.metric", new { displayName = "Audited", category = "Custom", unit = "ms", reason = "Audit test" })).StatusCode);

        var audit = await (await Admin.GetAsync("/api/v1/audit?actor=ed&entityType=metric")).JsonAsync();
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("update", entry.GetProperty("action").GetString());
        Assert.Equal("audited.metric", entry.GetProperty("entityId").GetString());
        Assert.Contains("\"category\":\"Unclassified\"", entry.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"displayName\":\"Audited\"", entry.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("/api/v1/audit?take=0")).StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var response = await Factory.CreateClientWith(null).GetAsync("/account/login");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task IngestionKey_OverItsRate_Gets429WithRetryAfter()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Security:IngestRequestsPerSecond"] = "1" });
        var client = factory.CreateAdminClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            var response = await client.PostSamplesAsync(new { metric = "rl.m", value = i });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.Accepted), await client.CountAsync("rl.m"));
    }

    [Fact]
    public async Task SignInAttempts_AreRateLimitedPerClient()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Security:LoginAttemptsPerMinute"] = "3" });
        var client = factory.CreateClientWith(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await Session.PostLoginAsync(client, "nobody", "nothing-here-1")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}

public sealed class PasswordTests
{
    [Fact]
    public async Task ChangingThePassword_RetiresTheOldOne()
    {
        await using var factory = new MonitorHubFactory();
        await Session.CreateUserAsync(factory.CreateAdminClient(), "pat", "old-password-1", "Viewer");
        var client = await Session.SignedInAsync(factory, "pat", "old-password-1");

        var page = await client.GetStringAsync("/account/password");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "password",
            ["Input.Current"] = "old-password-1",
            ["Input.New"] = "new-password-22",
            ["Input.Confirm"] = "new-password-22",
        }));
        Assert.Contains("Your password was changed.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var old = await Session.PostLoginAsync(factory.CreateClientWith(null), "pat", "old-password-1");
        Assert.Contains("Wrong user name or password.", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Session.SignedInAsync(factory, "pat", "new-password-22");
    }

    [Fact]
    public async Task LogoutWithoutAntiforgeryToken_IsRejected()
    {
        await using var factory = new MonitorHubFactory();
        await Session.CreateUserAsync(factory.CreateAdminClient(), "lou", "lou-password-1", "Viewer");
        var client = await Session.SignedInAsync(factory, "lou", "lou-password-1");
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/metrics")).StatusCode);
    }
}

public sealed class BootstrapTests
{
    [Fact]
    public async Task DemoWithoutAConfiguredPassword_CreatesAdminWithTheDocumentedDemoPassword()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Demo"] = "true", ["MonitorHub:Bootstrap:AdminPassword"] = "" });
        await Session.SignedInAsync(factory, "admin", MonitorHub.Infrastructure.Security.SecurityBootstrap.DemoPassword);
    }

    [Fact]
    public async Task WithoutAnyPassword_AGeneratedOneIsAcceptedByThePasswordRules()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Bootstrap:AdminPassword"] = "" });
        var users = await factory.CreateAdminClient().GetStringAsync("/api/v1/users");
        Assert.Contains("\"userName\":\"admin\"", users, StringComparison.Ordinal);
    }
}
