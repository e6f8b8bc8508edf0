using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Api;

/// <summary>Versions, failure modes, coverage, checklists and threshold suggestions through the HTTP API.</summary>
public sealed class AdaptApiTests : IAsyncLifetime
{
    private readonly MonitorHubFactory _factory = new();
    private HttpClient _admin = default!;

    public ValueTask InitializeAsync()
    {
        _admin = _factory.CreateAdminClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<int> CreateRuleAsync(string name, string metric, double threshold)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/rules", new { name, metric, threshold, clearThreshold = threshold - 1 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    private async Task<List<JsonElement>> VersionsAsync(string url) => [.. (await (await _admin.GetAsync(url)).JsonAsync()).EnumerateArray()];

    [Fact]
    public async Task RuleChange_WithoutReason_Is400_AndChangesNothing()
    {
        var id = await CreateRuleAsync("No reason", "ver.metric", 10);

        var put = await _admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { name = "No reason", metric = "ver.metric", threshold = 99 });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("reason", (await put.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(10, (await (await _admin.GetAsync($"/api/v1/rules/{id}")).JsonAsync()).GetProperty("threshold").GetDouble());
        Assert.Single(await VersionsAsync($"/api/v1/rules/{id}/versions"));
    }

    [Fact]
    public async Task RuleVersions_RecordAuthorReasonAndDiff_AndRollbackIsANewVersion()
    {
        var id = await CreateRuleAsync("Versioned", "ver.latency_ms", 500);
        var put = await _admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { name = "Versioned", metric = "ver.latency_ms", threshold = 450, clearThreshold = 400, reason = "Fired too late in the 11-20 incident" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var versions = await VersionsAsync($"/api/v1/rules/{id}/versions");
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("Fired too late in the 11-20 incident", versions[0].GetProperty("reason").GetString());
        Assert.Equal("Created", versions[1].GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(versions[0].GetProperty("author").GetString()));
        Assert.Equal(versions[1].GetProperty("author").GetString(), versions[0].GetProperty("author").GetString());
        var changes = versions[0].GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => (c.GetProperty("before").GetDouble(), c.GetProperty("after").GetDouble()));
        Assert.Equal(new Dictionary<string, (double, double)> { ["clearThreshold"] = (499, 400), ["threshold"] = (500, 450) }, changes);

        var rollback = await _admin.PostAsJsonAsync($"/api/v1/rules/{id}/rollback/1", new { reason = "450 was noisy" });

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(500, (await rollback.JsonAsync()).GetProperty("threshold").GetDouble());
        versions = await VersionsAsync($"/api/v1/rules/{id}/versions");
        Assert.Equal(3, versions[0].GetProperty("version").GetInt32());
        Assert.Equal("Rolled back to version 1: 450 was noisy", versions[0].GetProperty("reason").GetString());
        Assert.Equal(versions[2].GetProperty("snapshot").GetRawText(), versions[0].GetProperty("snapshot").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"/api/v1/rules/{id}/rollback/9", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/rules/999999/versions")).StatusCode);
    }

    [Fact]
    public async Task MetricDefinitionVersions_StartFromTheStateBeforeTheFirstChange_AndRollBack()
    {
        await _admin.PostSamplesAsync(new { metric = "ver.volume_dbfs", value = -20 });
        var put = await _admin.PutAsJsonAsync("/api/v1/metrics/ver.volume_dbfs", new { displayName = "Input volume", category = "Input", unit = "dBFS", reason = "Classify" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        put = await _admin.PutAsJsonAsync("/api/v1/metrics/ver.volume_dbfs", new { displayName = "Input loudness", category = "Input", unit = "dBFS", reason = "Clearer name" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var versions = await VersionsAsync("/api/v1/metrics/ver.volume_dbfs/versions");

        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("State before version history began", versions[2].GetProperty("reason").GetString());
        var rename = Assert.Single(versions[0].GetProperty("changes").EnumerateArray());
        Assert.Equal(("displayName", "Input volume", "Input loudness"), (rename.GetProperty("field").GetString(), rename.GetProperty("before").GetString(), rename.GetProperty("after").GetString()));

        var rollback = await _admin.PostAsync("/api/v1/metrics/ver.volume_dbfs/rollback/2", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal("Input volume", (await rollback.JsonAsync()).GetProperty("displayName").GetString());
        Assert.Equal(4, (await VersionsAsync("/api/v1/metrics/ver.volume_dbfs/versions"))[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task FailureMode_RoundTrips_AndIsListedByRisk()
    {
        await _admin.PostSamplesAsync(new { metric = "fm.volume_dbfs", value = -20 });
        var ruleId = await CreateRuleAsync("Volume low", "fm.volume_dbfs", -30);
        var low = await _admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Minor thing", likelihood = 1, impact = 2 });
        Assert.Equal(HttpStatusCode.Created, low.StatusCode);
        var create = await _admin.PostAsJsonAsync("/api/v1/failure-modes", new
        {
            title = "New microphone firmware clips audio", description = "gain change", likelihood = 4, impact = 5, status = "covered",
            metricKeys = new[] { "fm.volume_dbfs" }, ruleIds = new[] { ruleId }, template = "firmware-clips-audio",
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (await create.JsonAsync()).GetProperty("id").GetInt32();

        var list = (await (await _admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["New microphone firmware clips audio", "Minor thing"], list.Select(f => f.GetProperty("title").GetString()));
        var mode = list[0];
        Assert.Equal(20, mode.GetProperty("risk").GetInt32());
        Assert.Equal("covered", mode.GetProperty("status").GetString());
        Assert.Equal(ruleId, mode.GetProperty("ruleIds")[0].GetInt32());

        var put = await _admin.PutAsJsonAsync($"/api/v1/failure-modes/{id}", new { title = "Firmware clips audio", likelihood = 2, impact = 5, status = "acceptedRisk" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("acceptedRisk", (await (await _admin.GetAsync($"/api/v1/failure-modes/{id}")).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/failure-modes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/failure-modes/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"likelihood":3,"impact":3}""", "title")]
    [InlineData("""{"title":"x","likelihood":9,"impact":3}""", "likelihood")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"metricKeys":["fm.not_in_catalogue"]}""", "metricKeys")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"ruleIds":[987654]}""", "ruleIds")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"systemId":987654}""", "systemId")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"status":"done"}""", "status")]
    [InlineData("""{"title":"x","likelihood":"high","impact":3}""", "likelihood")]
    public async Task BadFailureMode_Is400NamingTheField_AndNothingIsStored(string json, string field)
    {
        var before = (await (await _admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).GetArrayLength();

        var response = await _admin.PostRawAsync("/api/v1/failure-modes", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(before, (await (await _admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Coverage_ShowsUnmeasuredModes_UnruledMetrics_SilentRules_AndNoisyRules()
    {
        await _admin.PostSamplesAsync(new { metric = "cov.ruled", value = 10 }, new { metric = "cov.unruled", value = 1 });
        await _admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Nobody measures this", likelihood = 3, impact = 4 });
        var quiet = await CreateRuleAsync("Quiet rule", "cov.ruled", 1000);
        var noisy = await CreateRuleAsync("Noisy rule", "cov.ruled", 5);
        var alarm = (await (await _admin.PostAsync($"/api/v1/rules/{noisy}/evaluate", null)).JsonAsync())[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/v1/alarms/{alarm}/ack", new { comment = "meh", feedback = "noise" })).StatusCode);

        var coverage = await (await _admin.GetAsync("/api/v1/coverage")).JsonAsync();

        Assert.Contains("Nobody measures this", coverage.GetProperty("failureModesWithoutMetric").EnumerateArray().Select(f => f.GetProperty("title").GetString()));
        var unruled = coverage.GetProperty("metricsWithoutRule").EnumerateArray().Select(m => m.GetProperty("key").GetString()).ToList();
        Assert.Contains("cov.unruled", unruled);
        Assert.DoesNotContain("cov.ruled", unruled);
        var silent = coverage.GetProperty("rulesNeverFired").EnumerateArray().Select(r => r.GetProperty("ruleId").GetInt32()).ToList();
        Assert.Contains(quiet, silent);
        Assert.DoesNotContain(noisy, silent);
        var noise = Assert.Single(coverage.GetProperty("noisyRules").EnumerateArray(), r => r.GetProperty("ruleId").GetInt32() == noisy);
        Assert.Equal(1.0, noise.GetProperty("noiseRate").GetDouble());
        Assert.Equal(30, coverage.GetProperty("periodDays").GetInt32());
    }

    [Fact]
    public async Task Checklist_IsSaved_AndItsTargetsSuggestRules()
    {
        var system = await _admin.PostAsJsonAsync("/api/v1/systems", new { name = "Checklist system", components = new[] { new { name = "ASR" } } });
        var systemId = (await system.JsonAsync()).GetProperty("id").GetInt32();
        await _admin.PostSamplesAsync(new { metric = "ck.latency_ms", value = 200 });
        await _admin.PutAsJsonAsync("/api/v1/metrics/ck.latency_ms", new { displayName = "Latency", category = "Software", unit = "ms", systemId, reason = "assign" });
        Assert.Equal("Realtime", (await (await _admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync()).GetProperty("mode").GetString());

        var put = await _admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/checklist", new { mode = "Realtime", deployment = "Edge", latencyP95Ms = 300, automation = "ShadowMode", sensitivity = "Confidential" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await (await _admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync();
        Assert.Equal(("Edge", "ShadowMode"), (stored.GetProperty("deployment").GetString(), stored.GetProperty("automation").GetString()));
        var suggested = Assert.Single((await (await _admin.GetAsync($"/api/v1/systems/{systemId}/checklist/suggested-rules")).JsonAsync()).EnumerateArray());
        var rule = suggested.GetProperty("rule");
        Assert.Equal(("ck.latency_ms", "p95", 300.0), (rule.GetProperty("metric").GetString(), rule.GetProperty("aggregation").GetString(), rule.GetProperty("threshold").GetDouble()));
        // One click in the UI is this POST.
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsync("/api/v1/rules", new StringContent(rule.GetRawText(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        var bad = await _admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/checklist", new { latencyP95Ms = -5, logRetentionDays = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["latencyP95Ms", "logRetentionDays"], (await bad.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(300, (await (await _admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync()).GetProperty("latencyP95Ms").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsJsonAsync("/api/v1/systems/987654/checklist", new { })).StatusCode);
    }

    [Fact]
    public async Task Suggestions_ComeWithTheirBacktestCounts()
    {
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(-6);
        // A steady ~200 ms with small wobble and one 10-minute spike to 900 ms.
        var samples = Enumerable.Range(0, 360).Select(i => (object)new
        {
            metric = "sg.latency_ms", value = i is >= 120 and < 130 ? 900 : 200 + (i % 7), timestamp = start.AddMinutes(i).AddSeconds(30),
        }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostSamplesAsync(samples)).StatusCode);

        var response = await _admin.PostAsJsonAsync("/api/v1/rules/suggest", new
        {
            rule = new { metric = "sg.latency_ms", aggregation = "max", windowSeconds = 60, @operator = ">", threshold = 100 },
            days = 1,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.InRange(body.GetProperty("samples").GetInt32(), 350, 362);
        Assert.Equal(1, body.GetProperty("currentCount").GetInt32());
        var suggestions = body.GetProperty("suggestions").EnumerateArray().ToDictionary(s => s.GetProperty("method").GetString()!);
        Assert.Equal(["percentile", "meanSigma", "medianMad", "hourOfWeek"], suggestions.Keys);
        var mad = suggestions["medianMad"];
        Assert.InRange(mad.GetProperty("threshold").GetDouble(), 206, 260);
        Assert.Equal(1, mad.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "rule")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"days":60}""", "days")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"k":-1}""", "k")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"percentile":100}""", "percentile")]
    public async Task BadSuggestRequest_Is400NamingTheField(string json, string field)
    {
        var response = await _admin.PostRawAsync("/api/v1/rules/suggest", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }
}
