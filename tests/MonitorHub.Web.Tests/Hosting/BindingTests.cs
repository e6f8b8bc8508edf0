using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>
/// Endpoints bind their DTOs from the body; whatever the framework cannot bind is answered in one place
/// with the problems the endpoints always gave (400 naming the field, 413, 415), never a 5xx, and a
/// body over its group's limit is refused whether or not it declared its length.
/// </summary>
public sealed class BindingTests : AdminApiTests
{
    [Theory]
    [InlineData("POST", "/api/v1/rules", """{"name":"r","metric":"m","threshold":"high"}""", "threshold")]
    [InlineData("PUT", "/api/v1/rules/1", """{"name":"r","windowSeconds":[1]}""", "windowSeconds")]
    [InlineData("POST", "/api/v1/silences", """{"ruleId":"seven","comment":"x"}""", "ruleId")]
    [InlineData("POST", "/api/v1/channels", """{"name":"c","enabled":"yes"}""", "enabled")]
    [InlineData("PUT", "/api/v1/metrics/some.metric", """{"systemId":"one","reason":"x"}""", "systemId")]
    [InlineData("POST", "/api/v1/failure-modes", """{"title":"t","likelihood":{}}""", "likelihood")]
    [InlineData("POST", "/api/v1/alarms/1/ack", """{"expiresInMinutes":"soon"}""", "expiresInMinutes")]
    [InlineData("POST", "/api/v1/rules/1/rollback/1", """{"reason":42}""", "reason")]
    [InlineData("POST", "/api/v1/keys", """[1,2]""", "body")]
    public async Task MalformedJson_OnAnyJsonEndpoint_Is400NamingTheField(string method, string path, string json, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await Admin.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("https://monitorhub.dev/problems/validation", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.StartsWith("Invalid JSON or wrong type: ", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task MissingBody_WhereOneIsRequired_IsTheJsonObjectProblem(string json)
    {
        using var response = await Admin.PostRawAsync("/api/v1/silences", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal(("body", "A JSON object is required."), (error.GetProperty("field").GetString(), error.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task OptionalBody_MayBeLeftOut()
    {
        var id = await CreateRuleAsync("Optional body", "m.optional", 1);
        await Admin.PutAsync($"/api/v1/rules/{id}", new StringContent("""{"name":"Optional body","metric":"m.optional","threshold":2}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        using var rollback = await Admin.PostAsync($"/api/v1/rules/{id}/rollback/1", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(1, (await rollback.JsonAsync()).GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task BodyOverTheGroupLimit_Is413_EvenWhenChunked()
    {
        // Silences allow 16 KiB; rules (64 KiB) take the same size, so the limit is the group's.
        var big = $$"""{"comment":"{{new string('x', 20 * 1024)}}"}""";

        using var declared = await Admin.PostRawAsync("/api/v1/silences", big);
        using var chunked = await Admin.PostAsync("/api/v1/silences", Chunked(big), TestContext.Current.CancellationToken);
        using var rule = await Admin.PostAsync("/api/v1/rules", Chunked($$"""{"name":"r","metric":"m","description":"{{new string('x', 20 * 1024)}}"}"""),
            TestContext.Current.CancellationToken);

        foreach (var response in new[] { declared, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Equal(("https://monitorhub.dev/problems/too-large", "The body must not exceed 16384 bytes."),
                (problem.GetProperty("type").GetString(), problem.GetProperty("detail").GetString()));
        }

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, rule.StatusCode);
        Assert.Empty((await (await Admin.GetAsync("/api/v1/silences?all=true", TestContext.Current.CancellationToken)).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task AnEndpointsOwnLimit_OverridesItsGroups()
    {
        // The metrics group takes 64 KiB definitions; its ingestion endpoint takes whole batches.
        var samples = string.Join(",", Enumerable.Range(0, 2_000).Select(i => $$"""{"metric":"limit.override","value":{{i}}}"""));
        using var ingest = await Admin.PostRawAsync("/api/v1/metrics", $$"""{"samples":[{{samples}}]}""");
        using var definition = await Admin.PutAsync("/api/v1/metrics/limit.override",
            Chunked($$"""{"description":"{{new string('x', 70 * 1024)}}","reason":"x"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, definition.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/drift/monitors/1/runs?take=many", "take", "Must be a whole number.")]
    [InlineData("/api/v1/drift/detectors/1/events?from=yesterday", "from", "Must be an ISO-8601 UTC time, e.g. 2026-11-26T10:00:00Z.")]
    [InlineData("/api/v1/jobs?componentId=abc", "componentId", "Must be a whole number.")]
    public async Task BadRouteOrQueryValue_Is400NamingTheParameter_Not500(string path, string parameter, string reason)
    {
        using var response = await Admin.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((parameter, reason), (error.GetProperty("field").GetString(), error.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task NotJson_OnAJsonEndpoint_Is415()
    {
        using var response = await Admin.PostAsync("/api/v1/silences", new StringContent("<silence/>", Encoding.UTF8, "application/xml"),
            TestContext.Current.CancellationToken);

        // The framework answers this itself (status-code pages write it as problem details).
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheBoundBodyAndTypedAnswers()
    {
        var document = await (await Admin.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).JsonAsync();
        var create = document.GetProperty("paths").GetProperty("/api/v1/silences").GetProperty("post");

        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").GetProperty("201").GetProperty("content").TryGetProperty("application/json", out _));
    }

    /// <summary>A body without Content-Length, sent in chunks as a streaming client would.</summary>
    private static StreamContent Chunked(string json)
    {
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
