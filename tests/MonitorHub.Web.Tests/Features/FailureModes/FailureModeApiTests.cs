using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.FailureModes;

/// <summary>Failure modes, coverage and checklists through the HTTP API.</summary>
public sealed class FailureModeApiTests : AdminApiTests
{
    [Fact]
    public async Task FailureMode_RoundTrips_AndIsListedByRisk()
    {
        await Admin.PostSamplesAsync(new { metric = "fm.volume_dbfs", value = -20 });
        var ruleId = await CreateRuleAsync("Volume low", "fm.volume_dbfs", -30);
        var low = await Admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Minor thing", likelihood = 1, impact = 2 });
        Assert.Equal(HttpStatusCode.Created, low.StatusCode);
        var create = await Admin.PostAsJsonAsync("/api/v1/failure-modes", new
        {
            title = "New microphone firmware clips audio", description = "gain change", likelihood = 4, impact = 5, status = "covered",
            metricKeys = new[] { "fm.volume_dbfs" }, ruleIds = new[] { ruleId }, template = "firmware-clips-audio",
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (await create.JsonAsync()).GetProperty("id").GetInt32();

        var list = (await (await Admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["New microphone firmware clips audio", "Minor thing"], list.Select(f => f.GetProperty("title").GetString()));
        var mode = list[0];
        Assert.Equal(20, mode.GetProperty("risk").GetInt32());
        Assert.Equal("covered", mode.GetProperty("status").GetString());
        Assert.Equal(ruleId, mode.GetProperty("ruleIds")[0].GetInt32());

        var put = await Admin.PutAsJsonAsync($"/api/v1/failure-modes/{id}", new { title = "Firmware clips audio", likelihood = 2, impact = 5, status = "acceptedRisk" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("acceptedRisk", (await (await Admin.GetAsync($"/api/v1/failure-modes/{id}")).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/failure-modes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/failure-modes/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"likelihood":3,"impact":3}""", "title")]
    [InlineData("""{"title":"x","likelihood":9,"impact":3}""", "likelihood")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"metricKeys":["Not A Key"]}""", "metricKeys")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"ruleIds":[987654]}""", "ruleIds")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"systemId":987654}""", "systemId")]
    [InlineData("""{"title":"x","likelihood":3,"impact":3,"status":"done"}""", "status")]
    [InlineData("""{"title":"x","likelihood":"high","impact":3}""", "likelihood")]
    public async Task BadFailureMode_Is400NamingTheField_AndNothingIsStored(string json, string field)
    {
        var before = (await (await Admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).GetArrayLength();

        var response = await Admin.PostRawAsync("/api/v1/failure-modes", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/failure-modes")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task CreateRule_WithFailureModeId_IsLinkedToIt_InTheSameRequest()
    {
        await Admin.PostSamplesAsync(new { metric = "fm.link_latency", value = 1 });
        var mode = (await (await Admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Slow decoder", likelihood = 2, impact = 3 })).JsonAsync()).GetProperty("id").GetInt32();

        var create = await Admin.PostAsJsonAsync("/api/v1/rules", new { name = "Decoder slow", metric = "fm.link_latency", threshold = 100, failureModeId = mode });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var ruleId = (await create.JsonAsync()).GetProperty("id").GetInt32();
        var linked = (await (await Admin.GetAsync($"/api/v1/failure-modes/{mode}")).JsonAsync()).GetProperty("ruleIds").EnumerateArray().Select(r => r.GetInt32());
        Assert.Equal([ruleId], linked);
    }

    [Fact]
    public async Task CreateRule_WithUnknownFailureModeId_Is400NamingTheField_AndNoRuleIsStored()
    {
        await Admin.PostSamplesAsync(new { metric = "fm.link_orphan", value = 1 });

        var create = await Admin.PostAsJsonAsync("/api/v1/rules", new { name = "Orphan rule", metric = "fm.link_orphan", threshold = 100, failureModeId = 987654 });

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("failureModeId", (await create.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var rules = (await (await Admin.GetAsync("/api/v1/rules")).JsonAsync()).EnumerateArray();
        Assert.DoesNotContain(rules, r => r.GetProperty("name").GetString() == "Orphan rule");
    }

    [Fact]
    public async Task Coverage_ShowsUnmeasuredModes_UnruledMetrics_SilentRules_AndNoisyRules()
    {
        await Admin.PostSamplesAsync(new { metric = "cov.ruled", value = 10 }, new { metric = "cov.unruled", value = 1 });
        await Admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Nobody measures this", likelihood = 3, impact = 4 });
        var quiet = await CreateRuleAsync("Quiet rule", "cov.ruled", 1000);
        var noisy = await CreateRuleAsync("Noisy rule", "cov.ruled", 5);
        var alarm = (await (await Admin.PostAsync($"/api/v1/rules/{noisy}/evaluate", null)).JsonAsync())[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarm}/ack", new { comment = "meh", feedback = "noise" })).StatusCode);

        var coverage = await (await Admin.GetAsync("/api/v1/coverage")).JsonAsync();

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
    public async Task FailureMode_MayNameAPlannedMetric_ListedAsPlannedUntilItsFirstSample()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Clipping after firmware update", likelihood = 3, impact = 4, metricKeys = new[] { "plan.clip_rate" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();

        var before = await (await Admin.GetAsync("/api/v1/coverage")).JsonAsync();
        var planned = Assert.Single(before.GetProperty("plannedMetrics").EnumerateArray());
        Assert.Equal("plan.clip_rate", planned.GetProperty("key").GetString());
        Assert.Equal([id], planned.GetProperty("failureModeIds").EnumerateArray().Select(i => i.GetInt32()));

        await Admin.PostSamplesAsync(new { metric = "plan.clip_rate", value = 0.01 });
        var after = await (await Admin.GetAsync("/api/v1/coverage")).JsonAsync();
        Assert.Empty(after.GetProperty("plannedMetrics").EnumerateArray());
        Assert.Contains("plan.clip_rate", after.GetProperty("metricsWithoutRule").EnumerateArray().Select(m => m.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Checklist_IsSaved_AndItsTargetsSuggestRules()
    {
        var system = await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Checklist system", components = new[] { new { name = "ASR" } } });
        var systemId = (await system.JsonAsync()).GetProperty("id").GetInt32();
        await Admin.PostSamplesAsync(new { metric = "ck.latency_ms", value = 200 });
        await Admin.PutAsJsonAsync("/api/v1/metrics/ck.latency_ms", new { displayName = "Latency", category = "Software", unit = "ms", systemId, reason = "assign" });
        Assert.Equal("Realtime", (await (await Admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync()).GetProperty("mode").GetString());

        var put = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/checklist", new { mode = "Realtime", deployment = "Edge", latencyP95Ms = 300, automation = "ShadowMode", sensitivity = "Confidential" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await (await Admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync();
        Assert.Equal(("Edge", "ShadowMode"), (stored.GetProperty("deployment").GetString(), stored.GetProperty("automation").GetString()));
        var suggested = Assert.Single((await (await Admin.GetAsync($"/api/v1/systems/{systemId}/checklist/suggested-rules")).JsonAsync()).EnumerateArray());
        var rule = suggested.GetProperty("rule");
        Assert.Equal(("ck.latency_ms", "p95", 300.0), (rule.GetProperty("metric").GetString(), rule.GetProperty("aggregation").GetString(), rule.GetProperty("threshold").GetDouble()));
        // One click in the UI is this POST.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/api/v1/rules", new StringContent(rule.GetRawText(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        var bad = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/checklist", new { latencyP95Ms = -5, logRetentionDays = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["latencyP95Ms", "logRetentionDays"], (await bad.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(300, (await (await Admin.GetAsync($"/api/v1/systems/{systemId}/checklist")).JsonAsync()).GetProperty("latencyP95Ms").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PutAsJsonAsync("/api/v1/systems/987654/checklist", new { })).StatusCode);
    }
}
