using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.Versioning;

/// <summary>Rule and metric-definition versions through the HTTP API: reasons, diffs, rollbacks.</summary>
public sealed class VersionApiTests : AdminApiTests
{
    private async Task<List<JsonElement>> VersionsAsync(string url) => [.. (await (await Admin.GetAsync(url)).JsonAsync()).EnumerateArray()];

    [Fact]
    public async Task RuleChange_WithoutReason_Is400_AndChangesNothing()
    {
        var id = await CreateRuleAsync("No reason", "ver.metric", 10);

        var put = await Admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { name = "No reason", metric = "ver.metric", threshold = 99 });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("reason", (await put.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(10, (await (await Admin.GetAsync($"/api/v1/rules/{id}")).JsonAsync()).GetProperty("threshold").GetDouble());
        Assert.Single(await VersionsAsync($"/api/v1/rules/{id}/versions"));
    }

    [Fact]
    public async Task RuleVersions_RecordAuthorReasonAndDiff_AndRollbackIsANewVersion()
    {
        var id = await CreateRuleAsync("Versioned", "ver.latency_ms", 500);
        var put = await Admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { name = "Versioned", metric = "ver.latency_ms", threshold = 450, clearThreshold = 400, reason = "Fired too late in the 11-20 incident" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var versions = await VersionsAsync($"/api/v1/rules/{id}/versions");
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("Fired too late in the 11-20 incident", versions[0].GetProperty("reason").GetString());
        Assert.Equal("Created", versions[1].GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(versions[0].GetProperty("author").GetString()));
        Assert.Equal(versions[1].GetProperty("author").GetString(), versions[0].GetProperty("author").GetString());
        var changes = versions[0].GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => (c.GetProperty("before").GetDouble(), c.GetProperty("after").GetDouble()));
        Assert.Equal(new Dictionary<string, (double, double)> { ["clearThreshold"] = (499, 400), ["threshold"] = (500, 450) }, changes);

        var rollback = await Admin.PostAsJsonAsync($"/api/v1/rules/{id}/rollback/1", new { reason = "450 was noisy" });

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(500, (await rollback.JsonAsync()).GetProperty("threshold").GetDouble());
        versions = await VersionsAsync($"/api/v1/rules/{id}/versions");
        Assert.Equal(3, versions[0].GetProperty("version").GetInt32());
        Assert.Equal("Rolled back to version 1: 450 was noisy", versions[0].GetProperty("reason").GetString());
        Assert.Equal(versions[2].GetProperty("snapshot").GetRawText(), versions[0].GetProperty("snapshot").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsync($"/api/v1/rules/{id}/rollback/9", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/rules/999999/versions")).StatusCode);
    }

    [Fact]
    public async Task MetricDefinitionVersions_StartFromTheStateBeforeTheFirstChange_AndRollBack()
    {
        await Admin.PostSamplesAsync(new { metric = "ver.volume_dbfs", value = -20 });
        var put = await Admin.PutAsJsonAsync("/api/v1/metrics/ver.volume_dbfs", new { displayName = "Input volume", category = "Input", unit = "dBFS", reason = "Classify" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        put = await Admin.PutAsJsonAsync("/api/v1/metrics/ver.volume_dbfs", new { displayName = "Input loudness", category = "Input", unit = "dBFS", reason = "Clearer name" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var versions = await VersionsAsync("/api/v1/metrics/ver.volume_dbfs/versions");

        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("State before version history began", versions[2].GetProperty("reason").GetString());
        var rename = Assert.Single(versions[0].GetProperty("changes").EnumerateArray());
        Assert.Equal(("displayName", "Input volume", "Input loudness"), (rename.GetProperty("field").GetString(), rename.GetProperty("before").GetString(), rename.GetProperty("after").GetString()));

        var rollback = await Admin.PostAsync("/api/v1/metrics/ver.volume_dbfs/rollback/2", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal("Input volume", (await rollback.JsonAsync()).GetProperty("displayName").GetString());
        Assert.Equal(4, (await VersionsAsync("/api/v1/metrics/ver.volume_dbfs/versions"))[0].GetProperty("version").GetInt32());
    }
}
