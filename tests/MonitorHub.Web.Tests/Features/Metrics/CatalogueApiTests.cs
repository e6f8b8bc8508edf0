using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class CatalogueApiTests : AdminApiTests
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Admin.PostSamplesAsync(new { metric = "asr.latency_ms", value = 200 });
    }

    private async Task<int> CreateSystemAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/systems", new
        {
            name = "Voice search",
            components = new[] { new { name = "VAD" }, new { name = "ASR" } },
            edges = new[] { new { from = "VAD", to = "ASR" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task PutDefinition_Classifies_AndListShowsIt()
    {
        var systemId = await CreateSystemAsync();
        var system = await (await Admin.GetAsync($"/api/v1/systems/{systemId}")).JsonAsync();
        var asr = system.GetProperty("components")[1];
        Assert.Equal("ASR", asr.GetProperty("name").GetString());

        var response = await Admin.PutAsJsonAsync("/api/v1/metrics/asr.latency_ms", new
        {
            displayName = "Latency", category = "Software", unit = "ms", description = "end of speech to transcript",
            componentId = asr.GetProperty("id").GetInt32(), ownerTeam = "asr", reason = "Classify ASR latency",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("unclassified").GetBoolean());
        Assert.Equal(systemId, body.GetProperty("systemId").GetInt32());
        var list = await (await Admin.GetAsync("/api/v1/metrics")).JsonAsync();
        Assert.Equal("Latency", list[0].GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("""{"displayName":"","category":"Software"}""", "displayName")]
    [InlineData("""{"displayName":"x","category":"Nonsense"}""", "category")]
    [InlineData("""{"displayName":"x","category":"Software","componentId":999}""", "componentId")]
    [InlineData("""{"displayName":"x","category":"Software","systemId":999}""", "systemId")]
    [InlineData("""{"displayName":5,"category":"Software"}""", "displayName")]
    [InlineData("""{"displayName":"x","category":"Software"}""", "reason")]
    [InlineData("""{"displayName":"x","category":"Software","reason":"   "}""", "reason")]
    public async Task InvalidDefinition_Is400NamingTheField_AndChangesNothing(string json, string field)
    {
        var response = await Admin.PutAsync("/api/v1/metrics/asr.latency_ms", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(field, errors);
        var stored = await (await Admin.GetAsync("/api/v1/metrics/asr.latency_ms")).JsonAsync();
        Assert.True(stored.GetProperty("unclassified").GetBoolean());
    }

    [Fact]
    public async Task Pin_ShowsOnTheDefinition_IsVersionedOnce_AndUnpinTakesItOff()
    {
        var pinned = await Admin.PutAsync("/api/v1/metrics/asr.latency_ms/pin", null);
        Assert.Equal(HttpStatusCode.OK, pinned.StatusCode);
        Assert.True((await pinned.JsonAsync()).GetProperty("pinned").GetBoolean());
        // Pinning what is pinned changes nothing and writes no version.
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync("/api/v1/metrics/asr.latency_ms/pin", null)).StatusCode);
        // The first edit also records the state before history began.
        var versions = (await (await Admin.GetAsync("/api/v1/metrics/asr.latency_ms/versions")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal("Pinned to the Overview", versions[0].GetProperty("reason").GetString());

        var unpinned = await Admin.DeleteAsync("/api/v1/metrics/asr.latency_ms/pin");
        Assert.False((await unpinned.JsonAsync()).GetProperty("pinned").GetBoolean());
        Assert.False((await (await Admin.GetAsync("/api/v1/metrics/asr.latency_ms")).JsonAsync()).GetProperty("pinned").GetBoolean());
        Assert.Equal(3, (await (await Admin.GetAsync("/api/v1/metrics/asr.latency_ms/versions")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Definition_SaysWhetherItIsDerived()
    {
        await Admin.PostSamplesAsync(new { metric = "ops.queue_depth", value = 3 });
        var list = (await (await Admin.GetAsync("/api/v1/metrics")).JsonAsync()).EnumerateArray().ToList();
        Assert.False(list.Single(d => d.GetProperty("key").GetString() == "ops.queue_depth").GetProperty("derived").GetBoolean());
    }

    [Fact]
    public async Task Pin_UnknownMetric_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PutAsync("/api/v1/metrics/nope/pin", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync("/api/v1/metrics/nope/pin")).StatusCode);
    }

    [Fact]
    public async Task UnknownMetric_Is404()
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/metrics/nope", new { displayName = "x", category = "Software", reason = "r" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/metrics/nope/series")).StatusCode);
    }

    [Fact]
    public async Task DuplicateSystem_Is409_AndBadEdge_Is400()
    {
        await CreateSystemAsync();
        var duplicate = await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice search" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var badEdge = await Admin.PostAsJsonAsync("/api/v1/systems", new
        {
            name = "Other", components = new[] { new { name = "A" } }, edges = new[] { new { from = "A", to = "B" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badEdge.StatusCode);
        Assert.Equal("edges.to", (await badEdge.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Single((await (await Admin.GetAsync("/api/v1/systems")).JsonAsync()).EnumerateArray());
    }

    [Theory]
    [InlineData("agg=median", "agg")]
    [InlineData("from=yesterday", "from")]
    [InlineData("step=abc", "step")]
    [InlineData("step=0", "step")]
    [InlineData("from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z", "to")]
    public async Task BadSeriesQuery_Is400NamingTheParameter(string query, string field)
    {
        var response = await Admin.GetAsync($"/api/v1/metrics/asr.latency_ms/series?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task SeriesQuery_CapsPointsAtTwoThousand()
    {
        var to = DateTimeOffset.UtcNow;
        var response = await Admin.GetAsync($"/api/v1/metrics/asr.latency_ms/series?step=1&from={to.AddDays(-30).UtcDateTime:O}&to={to.UtcDateTime:O}");
        var body = await response.JsonAsync();
        Assert.True(30 * 86400 / body.GetProperty("step").GetInt64() <= 2000);
        Assert.Equal("five-minute", body.GetProperty("source").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        var response = await Admin.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/metrics", await response.Content.ReadAsStringAsync());
    }
}
