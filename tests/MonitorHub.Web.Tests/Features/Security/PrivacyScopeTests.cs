using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Security;

/// <summary>What decides redaction is admin-only, and a key bound to a system stays inside it.</summary>
public sealed class PrivacyScopeTests : AdminApiTests
{
    private HttpClient _editor = default!;
    private int _health;
    private int _other;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _health = (await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Health" })).JsonAsync()).GetProperty("id").GetInt32();
        _other = (await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Other" })).JsonAsync()).GetProperty("id").GetInt32();
        await Admin.PutAsJsonAsync($"/api/v1/systems/{_health}/sensitive-fields", new { fields = new object[] { new { name = "email", mode = "Hash" } } });
        await Session.CreateUserAsync(Admin, "editor", "editor-password-1", "Editor");
        _editor = await Session.SignedInAsync(Factory, "editor", "editor-password-1");
    }

    private async Task<HttpClient> KeyAsync(int? systemId, params string[] scopes)
    {
        var created = await (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "k" + Guid.NewGuid().ToString("N")[..6], systemId, scopes })).JsonAsync();
        return Factory.CreateClientWith(created.GetProperty("secret").GetString());
    }

    private static object Prediction(string id, string model, string email) =>
        new { id, model, version = "v1", timestamp = DateTimeOffset.UtcNow, features = new { email }, output = "x" };

    [Fact]
    public async Task Editor_CannotTakeAModelOutOfItsSystem_SoItsSensitiveFeatureStaysRedacted()
    {
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/models/asr", new { systemId = _health, samplingRate = 1, retentionDays = 30 })).StatusCode);

        // The bypass from the review: an editor removes the system, then the feature would be stored in clear.
        var bypass = await _editor.PutAsJsonAsync("/api/v1/models/asr", new { systemId = (int?)null, samplingRate = 1, retentionDays = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, bypass.StatusCode);
        Assert.Equal("systemId", (await bypass.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());

        var ingest = await KeyAsync(null, "ingest");
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsJsonAsync("/api/v1/predictions", new { predictions = new[] { Prediction("p1", "asr", "jane@example.org") } })).StatusCode);
        Assert.False(StoreContains("jane@example.org"), "the sensitive feature was stored in clear");
    }

    [Fact]
    public async Task Editor_CannotChangeRetention_AnAdminCan()
    {
        var forbidden = await _editor.PutAsJsonAsync("/api/v1/models/kept", new { samplingRate = 1, retentionDays = 3650 });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("retentionDays", (await forbidden.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _editor.PutAsJsonAsync("/api/v1/models/kept", new { samplingRate = 0.5, retentionDays = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/models/kept", new { samplingRate = 0.5, retentionDays = 90 })).StatusCode);
    }

    [Fact]
    public async Task Editor_CannotMoveAMetricOutOfItsSystem()
    {
        await Admin.PostSamplesAsync(new { metric = "health.wait", value = 1 });
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/metrics/health.wait", new { displayName = "Wait", category = "Custom", systemId = _health, reason = "assign" })).StatusCode);
        var moved = await _editor.PutAsJsonAsync("/api/v1/metrics/health.wait", new { displayName = "Wait", category = "Custom", systemId = (int?)null, reason = "move" });
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _editor.PutAsJsonAsync("/api/v1/metrics/health.wait", new { displayName = "Waiting time", category = "Custom", systemId = _health, reason = "rename" })).StatusCode);
        // Rolling back to the version before the assignment is the same move.
        Assert.Equal(HttpStatusCode.Forbidden, (await _editor.PostAsync("/api/v1/metrics/health.wait/rollback/1", null)).StatusCode);
    }

    [Fact]
    public async Task KeyBoundToASystem_IngestsOnlyIntoIt_AndItsNewMetricsJoinIt()
    {
        await Admin.PostSamplesAsync(new { metric = "other.metric", value = 1 });
        await Admin.PutAsJsonAsync("/api/v1/metrics/other.metric", new { displayName = "O", category = "Custom", systemId = _other, reason = "assign" });
        var key = await KeyAsync(_health, "ingest");

        var foreign = await key.PostSamplesAsync(new { metric = "health.new", value = 1 }, new { metric = "other.metric", value = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var error = Assert.Single((await foreign.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "metric"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Equal(0, await Admin.CountAsync("health.new"));

        Assert.Equal(HttpStatusCode.Accepted, (await key.PostSamplesAsync(new { metric = "health.new", value = 1 })).StatusCode);
        Assert.Equal(_health, (await (await Admin.GetAsync("/api/v1/metrics/health.new")).JsonAsync()).GetProperty("systemId").GetInt32());
    }

    [Fact]
    public async Task KeyBoundToASystem_LogsPredictionsAndLabelsOnlyForItsModels()
    {
        await Admin.PutAsJsonAsync("/api/v1/models/foreign-model", new { systemId = _other, samplingRate = 1, retentionDays = 30 });
        var key = await KeyAsync(_health, "ingest");

        var foreign = await key.PostAsJsonAsync("/api/v1/predictions", new { predictions = new[] { Prediction("f1", "foreign-model", "a@b.c") } });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("model", (await foreign.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
        var labels = await key.PostAsJsonAsync("/api/v1/labels", new { labels = new[] { new { predictionId = "f1", model = "foreign-model", label = "y" } } });
        Assert.Equal(HttpStatusCode.Forbidden, labels.StatusCode);

        // A model it logs first is registered in its system, so the system's privacy rules apply.
        Assert.Equal(HttpStatusCode.Accepted, (await key.PostAsJsonAsync("/api/v1/predictions", new { predictions = new[] { Prediction("h1", "health-model", "joe@example.org") } })).StatusCode);
        Assert.Equal(_health, (await (await Admin.GetAsync("/api/v1/models/health-model")).JsonAsync()).GetProperty("model").GetProperty("systemId").GetInt32());
    }

    [Fact]
    public async Task ReadKeyBoundToASystem_SeesOnlyItsMetricsAndModels()
    {
        await Admin.PostSamplesAsync(new { metric = "seen.metric", value = 1 }, new { metric = "hidden.metric", value = 1 });
        await Admin.PutAsJsonAsync("/api/v1/metrics/seen.metric", new { displayName = "S", category = "Custom", systemId = _health, reason = "assign" });
        await Admin.PutAsJsonAsync("/api/v1/models/hidden-model", new { systemId = _other, samplingRate = 1, retentionDays = 30 });
        var key = await KeyAsync(_health, "read");

        var listed = await key.GetStringAsync("/api/v1/metrics");
        Assert.Contains("seen.metric", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden.metric", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/metrics/seen.metric/series")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await key.GetAsync("/api/v1/metrics/hidden.metric/series")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await key.GetAsync("/api/v1/models/hidden-model")).StatusCode);
        Assert.DoesNotContain("hidden-model", await key.GetStringAsync("/api/v1/models"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drift.m1.share")]
    [InlineData("detector.d1.detections")]
    [InlineData("deploy.d1.weight")]
    [InlineData("model.asr.accuracy")]
    public async Task DerivedNamespaces_AreWrittenOnlyByMonitorHub(string metric)
    {
        var response = await Admin.PostSamplesAsync(new { metric, value = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal("metric", error.GetProperty("field").GetString());
        Assert.Contains("Reserved", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private bool StoreContains(string text) => StoreInspection.Contains(Factory.Services, text);
}
