using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Infrastructure.Automation;

namespace MonitorHub.Web.Tests.Features.Automation;

/// <summary>/api/v1/systems/{name}/automation end to end on a fake clock: changes with reasons and evidence, who may
/// change, demotion by a critical alarm, the route's decide, and the τ curve.</summary>
public sealed class AutomationApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly MonitorHubFactory _root = new();
    private WebApplicationFactory<Program> _factory = default!;
    private HttpClient _admin = default!;

    public ValueTask InitializeAsync()
    {
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-Api-Key", MonitorHubFactory.AdminToken);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    /// <summary>A system "Voice" whose model "asr" has versions v7 and v8.</summary>
    private async Task<int> SystemAsync()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "ASR" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        (await _admin.PutAsJsonAsync("/api/v1/models/asr", new { systemId = id, samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v7", "v8" })
            Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync("/api/v1/models/asr/versions", new { version })).StatusCode);
        return id;
    }

    private Task<HttpResponseMessage> ChangeAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/systems/Voice/automation", body);

    private async Task<JsonElement> GetAsync() => await (await _admin.GetAsync("/api/v1/systems/Voice/automation")).JsonAsync();

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];
    }

    [Fact]
    public async Task Change_WithoutReasonOrDegree_OrPartialWithoutThreshold_Is400NamingTheField_AndChangesNothing()
    {
        await SystemAsync();

        Assert.Equal(["reason"], await FieldsAsync(await ChangeAsync(_admin, new { degree = "shadowMode" })));
        Assert.Equal(["degree"], await FieldsAsync(await ChangeAsync(_admin, new { degree = "robots", reason = "x" })));
        Assert.Equal(["degree"], await FieldsAsync(await ChangeAsync(_admin, new { reason = "x" })));
        Assert.Equal(["threshold"], await FieldsAsync(await ChangeAsync(_admin, new { degree = "partialAutomation", reason = "x" })));
        Assert.Equal(["threshold"], await FieldsAsync(await ChangeAsync(_admin, new { degree = "partialAutomation", reason = "x", threshold = 1.5 })));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsJsonAsync("/api/v1/systems/Nope/automation", new { degree = "shadowMode", reason = "x" })).StatusCode);

        var current = await GetAsync();
        Assert.Equal(JsonValueKind.Null, current.GetProperty("degree").ValueKind);
        Assert.Empty(current.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Raise_ShowsTheEvidenceOfPairedHumanAndShadowAnswers_AndKeepsItWithTheChange()
    {
        await SystemAsync();
        var now = _clock.GetUtcNow();
        var predictions = new List<object>();
        var labels = new List<object>();
        for (var i = 0; i < 50; i++)
        {
            // People answer "yes" and are right; the shadow model says "no" on every tenth request.
            predictions.Add(new { id = $"e{i}", model = "asr", role = "human", timestamp = now.AddHours(-i).AddMinutes(-1), output = "yes" });
            predictions.Add(new { id = $"e{i}", model = "asr", version = "v8", role = "shadow", timestamp = now.AddHours(-i).AddMinutes(-1), output = i % 10 == 0 ? "no" : "yes" });
            labels.Add(new { predictionId = $"e{i}", model = "asr", label = "yes" });
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostPredictionsAsync([.. predictions])).StatusCode);
        Assert.True((await _admin.PostAsJsonAsync("/api/v1/labels", new { labels })).IsSuccessStatusCode);

        var raised = await ChangeAsync(_admin, new { degree = "aiAssistance", reason = "agrees with people 90 %" });

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var body = await raised.JsonAsync();
        var evidence = body.GetProperty("evidence");
        Assert.Equal((50, 14), (evidence.GetProperty("n").GetInt64(), evidence.GetProperty("days").GetInt32()));
        Assert.Equal(0.9, evidence.GetProperty("shadowAgreement").GetDouble(), 12);
        Assert.InRange(0.9, evidence.GetProperty("agreementLow").GetDouble(), evidence.GetProperty("agreementHigh").GetDouble());
        Assert.Equal((0.9, 1.0), (evidence.GetProperty("modelAccuracy").GetDouble(), evidence.GetProperty("humanAccuracy").GetDouble()));
        Assert.Equal("aiAssistance", body.GetProperty("degree").GetString());
        Assert.Equal(50, body.GetProperty("history")[0].GetProperty("evidence").GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task CriticalAlarmOnTheSystem_MovesItOneDegreeDown_WithTheAlarmAsReason()
    {
        var systemId = await SystemAsync();
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(_admin, new { degree = "fullAutomation", reason = "proven" })).StatusCode);
        await _admin.PostSamplesAsync(new { metric = "voice.wer", value = 0.5, timestamp = _clock.GetUtcNow().AddSeconds(-5) });
        var componentId = (await (await _admin.GetAsync($"/api/v1/systems/{systemId}")).JsonAsync()).GetProperty("components")[0].GetProperty("id").GetInt32();
        var classified = await _admin.PutAsJsonAsync("/api/v1/metrics/voice.wer", new { displayName = "WER", category = "Software", componentId, reason = "Voice's WER" });
        Assert.True(classified.IsSuccessStatusCode, await classified.Content.ReadAsStringAsync());
        var rule = await _admin.PostAsJsonAsync("/api/v1/rules", new { name = "WER too high", metric = "voice.wer", aggregation = "max", windowSeconds = 60, @operator = ">", threshold = 0.3, severity = "critical" });
        var ruleId = (await rule.JsonAsync()).GetProperty("id").GetInt32();

        var alarm = Assert.Single((await (await _admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync()).EnumerateArray());
        await _factory.Services.GetRequiredService<AutomationDemotion>().Idle;

        var after = await GetAsync();
        Assert.Equal("partialAutomation", after.GetProperty("degree").GetString());
        var change = after.GetProperty("history")[0];
        Assert.Equal(("fullAutomation", "partialAutomation"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        Assert.Equal("alarm:" + alarm.GetProperty("id").GetInt64(), change.GetProperty("actor").GetString());
        Assert.Contains("'WER too high'", change.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The same alarm republished (evaluated again while firing) demotes no further.
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null);
        await _factory.Services.GetRequiredService<AutomationDemotion>().Idle;
        Assert.Equal("partialAutomation", (await GetAsync()).GetProperty("degree").GetString());
    }

    [Fact]
    public async Task Route_InPartialAutomation_DecidesModelOnlyAtOrAboveTau()
    {
        await SystemAsync();
        var created = await _admin.PostAsJsonAsync("/api/v1/deployments", new { model = "asr", strategy = "canary", baseline = "v7", candidate = "v8", steps = new[] { new { setWeight = 10 } } });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        async Task<string?> DecideAsync(string query) =>
            (await (await _admin.GetAsync($"/api/v1/deployments/{id}/route?key=k{query}")).JsonAsync()).GetProperty("decide").GetString();

        Assert.Equal("model", await DecideAsync("")); // no degree set yet: answers are used as before
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(_admin, new { degree = "partialAutomation", reason = "confident cases only", threshold = 0.8 })).StatusCode);

        Assert.Equal("model", await DecideAsync("&score=0.8"));
        Assert.Equal("model", await DecideAsync("&score=0.95"));
        Assert.Equal("human", await DecideAsync("&score=0.79"));
        Assert.Equal("human", await DecideAsync(""));
        Assert.Equal(["score"], await FieldsAsync(await _admin.GetAsync($"/api/v1/deployments/{id}/route?key=k&score=high")));

        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(_admin, new { degree = "fullAutomation", reason = "proven" })).StatusCode);
        Assert.Equal("model", await DecideAsync("&score=0.1"));
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(_admin, new { degree = "aiAssistance", reason = "complaints" })).StatusCode);
        Assert.Equal("human", await DecideAsync("&score=0.99"));
    }

    [Fact]
    public async Task Thresholds_FromTheLabelledLog_SuggestTheLowestTauReachingTheTarget()
    {
        await SystemAsync();
        var now = _clock.GetUtcNow();
        var predictions = new List<object>();
        var labels = new List<object>();
        for (var i = 0; i < 100; i++)
        {
            // Scores 0.00 … 0.99; the model is wrong on every request scored below 0.5 and right above.
            var score = i / 100.0;
            predictions.Add(new { id = $"t{i}", model = "asr", version = "v7", timestamp = now.AddMinutes(-i - 1), output = "yes", score });
            labels.Add(new { predictionId = $"t{i}", model = "asr", label = score >= 0.5 ? "yes" : "no" });
        }

        await _admin.PostPredictionsAsync([.. predictions]);
        await _admin.PostAsJsonAsync("/api/v1/labels", new { labels });

        var curve = await (await _admin.GetAsync("/api/v1/systems/Voice/automation/thresholds?targetPrecision=0.9")).JsonAsync();

        Assert.Equal(100, curve.GetProperty("labelled").GetInt64());
        // τ = 0.45 automates 55 requests of which 50 are right (0.909); τ = 0.44 gives 50/56 (0.893).
        Assert.Equal(0.45, curve.GetProperty("suggested").GetDouble(), 9);
        var half = curve.GetProperty("points").EnumerateArray().Single(p => Math.Abs(p.GetProperty("threshold").GetDouble() - 0.5) < 1e-9);
        Assert.Equal((1.0, 0.5), (half.GetProperty("precision").GetDouble(), half.GetProperty("shareAutomated").GetDouble()));
        Assert.Equal(["targetPrecision"], await FieldsAsync(await _admin.GetAsync("/api/v1/systems/Voice/automation/thresholds?targetPrecision=2")));
    }
}
