using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>The newcomer's path: start with --demo and see a full, live dashboard at once.</summary>
public sealed class DemoServer : IAsyncLifetime
{
    public AppServer App { get; } = new(new() { ["MonitorHub:Demo"] = "true" });

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed partial class DemoTests(DemoServer demo) : IClassFixture<DemoServer>
{
    private AppServer App => demo.App;

    private async Task WaitForDemoAsync()
    {
        // The simulator back-fills a day through the HTTP API, then classifies its metrics.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            // Metrics derived from the demo's predictions ("model.asr.…") arrive classified; count the scenario's own.
            var metrics = await App.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics");
            if (metrics.EnumerateArray().Count(m => !m.GetProperty("unclassified").GetBoolean() && !IsDerived(m.GetProperty("key").GetString()!)) >= 12) return;
            await Task.Delay(250);
        }

        Assert.Fail("the demo did not classify its twelve metrics within 90 s");
    }

    private static bool IsDerived(string key) => key.StartsWith("model.", StringComparison.Ordinal) || key.StartsWith("drift.", StringComparison.Ordinal) || key.StartsWith("detector.", StringComparison.Ordinal);

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds; the simulator logs
    /// predictions and brainstorms only after back-filling and classifying metrics.</summary>
    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await App.Http.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(body)) return body;
                last = body.GetRawText();
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the demo did not {what} within 120 s; {path} last answered {last[..Math.Min(last.Length, 2000)]}");
        return default;
    }

    [Fact]
    public async Task Demo_FillsTheOverviewWithTheVoiceSearchSystem_AndKeepsItLive()
    {
        await WaitForDemoAsync();
        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, "/");
        var system = page.Locator("[data-testid='system-Voice search']");
        // The demo pins the scenario's twelve metrics; the asr model's derived metrics and the canary's
        // request latency belong to the system too, and wait in the catalogue.
        var scenarioCards = system.Locator(".metric-card");
        await Assertions.Expect(scenarioCards).ToHaveCountAsync(12);
        await Assertions.Expect(system.Locator("[data-testid=hidden-metrics]")).ToContainTextAsync("more metrics in the catalogue");
        await Assertions.Expect(system.GetByText("Software metrics")).ToBeVisibleAsync();
        await Assertions.Expect(system.GetByText("Input metrics")).ToBeVisibleAsync();
        await Assertions.Expect(system.GetByText("Output metrics")).ToBeVisibleAsync();
        await Assertions.Expect(scenarioCards.Locator("svg.sparkline")).ToHaveCountAsync(12);

        // Live: the simulator pushes every 2 s, so the CPU card's timestamp moves on its own.
        var updated = page.Locator("[data-testid='card-asr.cpu_pct'] .mud-typography-caption");
        var before = await updated.TextContentAsync();
        await Assertions.Expect(updated).Not.ToHaveTextAsync(before!, new() { Timeout = 10_000 });
        await AppServer.ScreenshotAsync(page, "demo-overview");
    }

    [Fact]
    public async Task Demo_ShowsTheDaysIncidentsOnTheLatencyChart()
    {
        await WaitForDemoAsync();
        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, "/metrics/asr.latency_ms");
        await page.Locator("[data-testid=range-picker]").GetByText("24 h", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("step 5 min · from five-minute rollups")).ToBeVisibleAsync();

        // Two model versions, and the scripted spike five hours ago stands out far above normal.
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('chart-asr-latency_ms').data.length"));
        var max = await page.EvaluateAsync<double>("() => Math.max(...document.getElementById('chart-asr-latency_ms').data[0].y)");
        Assert.True(max > 600, $"latency spike peak {max} ms");
        await AppServer.ScreenshotAsync(page, "demo-latency-24h");

        await AppServer.GotoAsync(page, "/pipelines");
        await Assertions.Expect(page.Locator("[data-testid='component-Speech recognition']")).ToContainTextAsync("Latency");
        await AppServer.ScreenshotAsync(page, "demo-pipeline");
    }

    [Fact]
    public async Task Demo_LogsPredictionsWithLabels_AndBrainstormsFailureModes()
    {
        await WaitForDemoAsync();
        var systems = await App.Http.GetFromJsonAsync<JsonElement>("/api/v1/systems");
        var systemId = systems.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Voice search").GetProperty("id").GetInt32();

        var models = await WaitForAsync("/api/v1/models", m => m.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "asr"), "register model asr");
        Assert.Equal(systemId, models.EnumerateArray().Single(x => x.GetProperty("name").GetString() == "asr").GetProperty("systemId").GetInt32());

        var modes = await WaitForAsync("/api/v1/failure-modes", m => m.GetArrayLength() == 4, "brainstorm four failure modes");
        Assert.All(modes.EnumerateArray(), m => Assert.Equal(systemId, m.GetProperty("systemId").GetInt32()));
        Assert.Equal(2, modes.EnumerateArray().Count(m => m.GetProperty("status").GetString() == "covered"));
        Assert.Contains(modes.EnumerateArray(), m => m.GetProperty("ruleIds").GetArrayLength() == 0);
        var checklist = await App.Http.GetFromJsonAsync<JsonElement>($"/api/v1/systems/{systemId}/checklist");
        Assert.Equal(800, checklist.GetProperty("latencyP95Ms").GetDouble());

        // Back-filled labels show the concept change twelve hours ago: accuracy falls from ~0.92 to ~0.70.
        var now = DateTime.UtcNow;
        var performance = await WaitForAsync($"/api/v1/models/asr/performance?step=3600&from={now.AddHours(-24):O}&to={now:O}",
            p => p.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("labelled").GetInt64()) > 2_000, "label its back-filled predictions");
        double Accuracy(Func<DateTime, bool> when)
        {
            var buckets = performance.GetProperty("buckets").EnumerateArray()
                .Where(b => when(b.GetProperty("t").GetDateTime().ToUniversalTime()) && b.GetProperty("accuracy").ValueKind == JsonValueKind.Number).ToList();
            return buckets.Sum(b => b.GetProperty("accuracy").GetDouble() * b.GetProperty("labelled").GetInt64()) / buckets.Sum(b => b.GetProperty("labelled").GetInt64());
        }

        var before = Accuracy(t => t < now.AddHours(-13));
        var after = Accuracy(t => t >= now.AddHours(-11));
        Assert.True(before > 0.85 && after < 0.78, $"accuracy {before:0.000} before vs {after:0.000} after the concept change");
    }

    [Fact]
    public async Task Demo_ShowsTheVolumeDriftAndTheConceptChange_OnTheModelPage()
    {
        await WaitForDemoAsync();
        var monitors = await WaitForAsync("/api/v1/drift/monitors?model=asr", m => m.GetArrayLength() == 1, "create its drift monitor");
        var monitorId = monitors[0].GetProperty("id").GetInt32();
        var runs = await WaitForAsync($"/api/v1/drift/monitors/{monitorId}/runs", r => r.GetArrayLength() > 0, "run its drift monitor");
        var volume = runs[0].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "input_volume_dbfs");
        Assert.True(volume.GetProperty("drifted").GetBoolean(), volume.GetRawText());
        Assert.All(runs[0].GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("name").GetString() is "device" or "locale"),
            c => Assert.False(c.GetProperty("drifted").GetBoolean(), c.GetRawText()));
        var detectors = await WaitForAsync("/api/v1/drift/detectors?model=asr", d => d.GetArrayLength() == 2 && d.EnumerateArray().All(x => x.GetProperty("processed").GetInt64() > 0), "replay its detectors");
        var ddm = detectors.EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "ddm");
        var events = await App.Http.GetFromJsonAsync<JsonElement>($"/api/v1/drift/detectors/{ddm.GetProperty("id").GetInt32()}/events");
        // DDM flags the concept change: a detection some time after it (12 h before start), none long before it.
        var detections = events.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "drift").Select(e => e.GetProperty("at").GetDateTime().ToUniversalTime()).ToList();
        Assert.Contains(detections, t => t > DateTime.UtcNow.AddHours(-12.5) && t < DateTime.UtcNow.AddHours(-6));

        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, "/models/asr");
        await Assertions.Expect(page.Locator("[data-testid=feature-row-input_volume_dbfs]")).ToContainTextAsync("drifted");
        await Assertions.Expect(page.Locator("[data-testid=drift-chart] .js-plotly-plot")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=performance-chart] .js-plotly-plot")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "demo-model-drift");
    }

    [Fact]
    public async Task Demo_ComparesV9InShadow_NextToTheCanary_AndShowsAgreementOnItsPage()
    {
        await WaitForDemoAsync();
        // The shadow deployment runs next to the v8 → v8.1 canary: a shadow takes no traffic.
        var list = await WaitForAsync("/api/v1/deployments?model=asr", l => l.GetProperty("items").EnumerateArray().Any(d => d.GetProperty("strategy").GetString() == "shadow")
            && l.GetProperty("items").EnumerateArray().Any(d => d.GetProperty("strategy").GetString() == "canary"), "create its shadow and canary deployments");
        var id = list.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("strategy").GetString() == "shadow").GetProperty("id").GetInt64();
        var detail = await WaitForAsync($"/api/v1/deployments/{id}", d => d.GetProperty("runs").GetArrayLength() > 0, "analyse its shadow deployment");
        var shadow = detail.GetProperty("runs")[0].GetProperty("shadow");
        Assert.Equal(("v8", "v9"), (detail.GetProperty("baseline").GetString(), detail.GetProperty("candidate").GetString()));
        // v9 agrees with v8 about 96 % of the time (a back-filled half hour holds ~70 pairs, so the bounds are loose).
        Assert.InRange(shadow.GetProperty("agreement").GetDouble(), 0.85, 1.0);
        Assert.True(shadow.GetProperty("n").GetInt64() >= 50, shadow.GetRawText());
        Assert.True(shadow.GetProperty("labelled").GetInt64() > 0, shadow.GetRawText());

        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, $"/deployments/{id}");
        await Assertions.Expect(page.Locator("[data-testid=shadow-agreement]").First).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("[data-testid=shadow-kappa]").First).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-testid=shadow-mcnemar]").First).Not.ToBeEmptyAsync();
        await page.Locator("#agreement-chart .main-svg").First.WaitForAsync();
        await AppServer.ScreenshotAsync(page, "demo-shadow-deployment");
    }
}
