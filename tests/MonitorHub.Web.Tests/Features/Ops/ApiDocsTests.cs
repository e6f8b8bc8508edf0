using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Web.Tests.Features.Ops;

public sealed class ApiDocsTests(SharedAppFixture app) : IClassFixture<SharedAppFixture>
{
    [Fact]
    public async Task ApiDocs_SignedOut_RedirectsToSignIn()
    {
        using var anonymous = app.Factory.CreateClientWith(null);

        var response = await anonymous.GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiDocs_SignedIn_ServeScalarOverTheOpenApiDocument_WithItsScriptFromUs()
    {
        using var client = await Session.SignedInAsync(app.Factory, "admin", MonitorHubFactory.AdminPassword, asScript: false);

        // Scalar sends /api/docs on to /api/docs/, so relative asset paths resolve under it.
        var response = await client.GetAsync("/api/docs/");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}");
        var html = await response.Content.ReadAsStringAsync();
        // Scalar resolves the document against the app's root: /openapi/v1.json.
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]+src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.False(script.StartsWith("http", StringComparison.Ordinal), $"Scalar's script must come from MonitorHub, not {script}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs/" + script)).StatusCode);
        }

        Assert.Contains("'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every API endpoint describes its success answer in /openapi/v1.json: a 2xx with a body schema,
    /// or a 2xx declared without a body (204, or 202 for an accepted action). A handler returning an
    /// untyped IResult or an anonymous object fails here, naming the endpoint.
    /// </summary>
    [Fact]
    public async Task EveryApiEndpoint_HasASuccessResponseSchema_InTheOpenApiDocument()
    {
        var document = JsonDocument.Parse(await (await app.Admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths");
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/v1", StringComparison.Ordinal) || raw.StartsWith("/v1/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m.ToLowerInvariant(), Route: OpenApiPath(e.RoutePattern.RawText!))))
            .Distinct()
            .ToList();
        Assert.NotEmpty(endpoints);

        var missing = new List<string>();
        foreach (var (method, route) in endpoints)
        {
            if (!paths.TryGetProperty(route, out var path) || !path.TryGetProperty(method, out var operation))
            {
                missing.Add($"{method.ToUpperInvariant()} {route}: not in the document");
                continue;
            }

            var ok = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            var described = ok.Any(r => r.Name is "204" or "202" && !r.Value.TryGetProperty("content", out _)
                || (r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _))));
            if (!described) missing.Add($"{method.ToUpperInvariant()} {route}: no 2xx response schema ({string.Join(", ", ok.Select(r => r.Name))})");
        }

        Assert.True(missing.Count == 0, "Endpoints without a described success answer:\n" + string.Join("\n", missing));
    }

    /// <summary>"/api/v1/rules/{id:int}" → "/api/v1/rules/{id}", and a group's "" route without its
    /// trailing slash, as the document writes them.</summary>
    private static string OpenApiPath(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw, @"\{([^}:?=]+)[^}]*\}", "{$1}").TrimEnd('/');
}
