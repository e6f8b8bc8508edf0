using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Web.Tests.Features.Security;

/// <summary>Every endpoint knows who is asking: anonymous access is an explicit, short list, and each
/// role or key scope gets exactly what it should.</summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    private const string Password = "matrix-password-1";

    public MonitorHubFactory Factory { get; } = new();
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public int SystemId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var _factory = Factory;
        var _clients = Clients;
        var admin = _factory.CreateAdminClient();
        foreach (var role in new[] { "Viewer", "OnCall", "Editor", "Admin" })
        {
            await Session.CreateUserAsync(admin, "user-" + role.ToLowerInvariant(), Password, role);
            _clients[role] = await Session.SignedInAsync(_factory, "user-" + role.ToLowerInvariant(), Password);
        }

        _clients["anonymous"] = _factory.CreateClientWith(null);
        foreach (var scope in new[] { "ingest", "read", "write" })
        {
            var created = await admin.PostAsync("/api/v1/keys", System.Net.Http.Json.JsonContent.Create(new { name = scope + " key", scopes = new[] { scope } }));
            var secret = (await created.JsonAsync()).GetProperty("secret").GetString();
            _clients["key:" + scope] = _factory.CreateClientWith(secret);
        }

        await admin.PostSamplesAsync(new { metric = "matrix.metric", value = 1 });
        var system = await admin.PostAsync("/api/v1/systems", System.Net.Http.Json.JsonContent.Create(new { name = "Matrix system" }));
        SystemId = (await system.JsonAsync()).GetProperty("id").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients.Values) client.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class AccessMatrixTests(AccessMatrixFixture fixture) : IClassFixture<AccessMatrixFixture>
{
    private MonitorHubFactory _factory => fixture.Factory;
    private Dictionary<string, HttpClient> _clients => fixture.Clients;
    private int _systemId => fixture.SystemId;

    [Fact]
    public void OnlyLoginHealthAndStaticAssets_AreAnonymous()
    {
        _ = _factory.CreateAdminClient();
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Where(e => !e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
            // Scalar serves its script and icon files anonymously; the reference page needs a sign-in.
            .Where(e => !(e.RoutePattern.RawText!.StartsWith("/api/docs/", StringComparison.Ordinal) && Path.HasExtension(e.RoutePattern.RawText)))
            .Select(e => e.RoutePattern.RawText)
            .Distinct()
            .ToList();
        Assert.Equal(["/account/login", "/healthz", "/healthz/live", "/healthz/ready"], anonymous.Order());

        // Everything else is either explicitly protected or caught by the fallback policy.
        var options = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
    }

    public static TheoryData<string, string, string> Matrix()
    {
        // Who, what, expected class: "ok" (neither 401 nor 403), "401" or "403".
        var data = new TheoryData<string, string, string>();
        var requests = new (string Request, string Viewer, string OnCall, string Editor, string Admin, string Ingest, string Read, string Write)[]
        {
            ("GET /api/v1/metrics", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/metrics/matrix.metric/series", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("PUT /api/v1/metrics/matrix.metric", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/metrics", "403", "403", "403", "403", "ok", "403", "403"),
            ("GET /api/v1/systems", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/systems", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("PUT /api/v1/systems/{system}", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/audit", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/keys", "403", "403", "403", "ok", "403", "403", "403"),
            ("POST /api/v1/keys", "403", "403", "403", "ok", "403", "403", "403"),
            ("GET /api/v1/users", "403", "403", "403", "ok", "403", "403", "403"),
            ("GET /api/v1/systems/{system}/sensitive-fields", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("PUT /api/v1/systems/{system}/sensitive-fields", "403", "403", "403", "ok", "403", "403", "403"),
            ("GET /api/v1/rules", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/rules", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/alarms", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/alarms/999/ack", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/alarms/999/resolve", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/incidents", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/incidents/999", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/incidents/999/ack", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/incidents/999/resolve", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/silences", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/silences", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/reports/oncall", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/channels", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/channels", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/metrics/matrix.metric/versions", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/metrics/matrix.metric/rollback/1", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("PUT /api/v1/metrics/matrix.metric/pin", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("DELETE /api/v1/metrics/matrix.metric/pin", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/rules/999/versions", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/rules/999/rollback/1", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/rules/suggest", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/failure-modes", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/failure-modes/templates", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/failure-modes", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("PUT /api/v1/failure-modes/999", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("DELETE /api/v1/failure-modes/999", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/coverage", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/models/matrix-model/references", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/models/matrix-model/references", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/drift/monitors", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/drift/monitors", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/drift/monitors/999/run", "403", "ok", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/drift/monitors/999/runs", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/drift/monitors/999/alarm", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/drift/detectors", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/drift/detectors", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("DELETE /api/v1/drift/detectors/999", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/systems/{system}/checklist", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("PUT /api/v1/systems/{system}/checklist", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/systems/{system}/checklist/suggested-rules", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/predictions", "403", "403", "403", "403", "ok", "403", "403"),
            ("POST /api/v1/labels", "403", "403", "403", "403", "ok", "403", "403"),
            ("GET /api/v1/models", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/models/matrix-model", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("PUT /api/v1/models/matrix-model", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/models/matrix-model/performance", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/drift/check", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/stats/compare", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/models/matrix-model/versions", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/models/matrix-model/versions", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/deployments", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/deployments", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/deployments/999", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/deployments/999/route?key=k", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/deployments/999/analyze", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/deployments/999/promote", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("POST /api/v1/deployments/999/abort", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/admin/backups", "403", "403", "403", "ok", "403", "403", "403"),
            ("POST /api/v1/admin/backups", "403", "403", "403", "ok", "403", "403", "403"),
            ("GET /api/v1/scrape-targets", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/scrape-targets", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("PUT /api/v1/scrape-targets/999", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("DELETE /api/v1/scrape-targets/999", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/events", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/events.csv", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /metrics", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/jobs", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("GET /api/v1/jobs/matrix-job", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("PUT /api/v1/jobs/matrix-job", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/jobs/matrix-job/versions", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/jobs/matrix-job/rules", "403", "403", "ok", "ok", "403", "403", "ok"),
            ("GET /api/v1/jobs/matrix-job/runs", "ok", "ok", "ok", "ok", "403", "ok", "ok"),
            ("POST /api/v1/jobs/matrix-job/runs", "403", "403", "ok", "ok", "ok", "403", "ok"),
        };
        foreach (var r in requests)
        {
            data.Add("anonymous", r.Request, "401");
            data.Add("Viewer", r.Request, r.Viewer);
            data.Add("OnCall", r.Request, r.OnCall);
            data.Add("Editor", r.Request, r.Editor);
            data.Add("Admin", r.Request, r.Admin);
            data.Add("key:ingest", r.Request, r.Ingest);
            data.Add("key:read", r.Request, r.Read);
            data.Add("key:write", r.Request, r.Write);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachCaller_GetsWhatItsRoleOrScopeAllows(string caller, string request, string expected)
    {
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1].Replace("{system}", _systemId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var body = method switch
        {
            "POST" when path == "/api/v1/metrics" => """{"samples":[{"metric":"matrix.metric","value":2}]}""",
            "POST" when path == "/api/v1/systems" => $$"""{"name":"System by {{caller}}"}""",
            "POST" when path == "/api/v1/keys" => """{"name":"k","scopes":["read"]}""",
            "POST" when path == "/api/v1/rules" => """{"name":"r","metric":"matrix.metric","threshold":1}""",
            "POST" when path.StartsWith("/api/v1/alarms", StringComparison.Ordinal) || path.StartsWith("/api/v1/incidents", StringComparison.Ordinal) => """{"comment":"x"}""",
            "PUT" when path.StartsWith("/api/v1/systems/", StringComparison.Ordinal) && !path.Contains("sensitive", StringComparison.Ordinal) && !path.EndsWith("/checklist", StringComparison.Ordinal)
                => """{"name":"Matrix system","reason":"matrix"}""",
            "POST" when path == "/api/v1/silences" => """{"severity":"info","comment":"matrix"}""",
            "POST" when path == "/api/v1/channels" => """{"name":"c","url":"http://127.0.0.1:9/x"}""",
            "POST" when path == "/api/v1/drift/check" => """{"reference":{"x":[1,2,3]},"current":{"x":[2,3,4]}}""",
            "POST" when path == "/api/v1/deployments" => """{"model":"matrix-model","strategy":"canary","baseline":"a","candidate":"b","steps":[{"setWeight":10}]}""",
            "POST" when path.StartsWith("/api/v1/deployments/", StringComparison.Ordinal) => """{"reason":"matrix"}""",
            "POST" when path.EndsWith("/versions", StringComparison.Ordinal) => $$"""{"version":"matrix-{{caller}}"}""",
            "POST" when path == "/api/v1/stats/compare" => """{"test":"mcnemar","b":3,"c":11}""",
            "POST" when path == "/api/v1/rules/suggest" => """{"rule":{"metric":"matrix.metric","threshold":1}}""",
            "POST" or "PUT" when path.StartsWith("/api/v1/failure-modes", StringComparison.Ordinal) => """{"title":"matrix","likelihood":1,"impact":1}""",
            "PUT" when path.EndsWith("/checklist", StringComparison.Ordinal) => """{"latencyP95Ms":100}""",
            "PUT" when path.EndsWith("sensitive-fields", StringComparison.Ordinal) => """{"fields":[]}""",
            "POST" when path == "/api/v1/predictions" => $$"""{"predictions":[{"id":"{{caller}}","model":"matrix-model","timestamp":"{{DateTimeOffset.UtcNow:O}}"}]}""",
            "POST" when path == "/api/v1/labels" => """{"labels":[{"predictionId":"x","model":"matrix-model","label":"y"}]}""",
            "POST" when path.StartsWith("/api/v1/jobs/", StringComparison.Ordinal) && path.EndsWith("/runs", StringComparison.Ordinal) => """{"status":"succeeded","rowsIn":1}""",
            "PUT" when path.StartsWith("/api/v1/jobs/", StringComparison.Ordinal) => """{"graceMinutes":5}""",
            "PUT" when path.StartsWith("/api/v1/models/", StringComparison.Ordinal) => """{"samplingRate":1,"retentionDays":30}""",
            "PUT" => """{"displayName":"Matrix","category":"Custom","reason":"matrix"}""",
            _ => null,
        };
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) message.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _clients[caller].SendAsync(message);

        var actual = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "401",
            HttpStatusCode.Forbidden => "403",
            _ => "ok",
        };
        Assert.True(expected == actual, $"{caller} {request}: expected {expected}, got {(int)response.StatusCode}");
        if (actual != "ok") Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (actual == "ok") Assert.True((int)response.StatusCode < 500, $"{caller} {request}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("anonymous", HttpStatusCode.Redirect)]
    [InlineData("Viewer", HttpStatusCode.Forbidden)]
    [InlineData("Admin", HttpStatusCode.OK)]
    public async Task HangfireDashboard_IsForAdminsOnly(string caller, HttpStatusCode expected)
    {
        var response = await _clients[caller].GetAsync("/hangfire");
        Assert.Equal(expected, response.StatusCode);
    }
}
