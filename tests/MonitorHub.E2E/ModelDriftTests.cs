using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class ModelDriftTests(AppServer app) : IClassFixture<AppServer>
{
    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public async Task DriftPage_FlagsTheDriftedFeature_AndOpensItsHistogramOverlay()
    {
        // Three hours ago volume sat around -20 dBFS; in the last hour it sank to about -26. Devices stayed the same.
        var random = new Random(11);
        var now = DateTimeOffset.UtcNow;
        string[] devices = ["pixel", "iphone", "galaxy"];
        object Row(int i, DateTimeOffset t, double shift) => new
        {
            id = $"e2e-{i}", model = "e2e-asr", timestamp = t, output = i % 4 == 0 ? "music" : "weather",
            features = new { input_volume_dbfs = Math.Round(-20 + (2 * Normal(random)) + shift, 3), device = devices[random.Next(3)] },
        };
        var rows = Enumerable.Range(0, 300).Select(i => Row(i, now.AddHours(-3).AddSeconds(i * 10), 0))
            .Concat(Enumerable.Range(300, 300).Select(i => Row(i, now.AddMinutes(-55).AddSeconds((i - 300) * 10), -6))).ToArray();
        using (var post = await app.Http.PostAsJsonAsync("/api/v1/predictions", new { predictions = rows })) post.EnsureSuccessStatusCode();
        int referenceId;
        using (var reference = await app.Http.PostAsJsonAsync("/api/v1/models/e2e-asr/references", new { name = "three hours ago", from = now.AddHours(-3.2), to = now.AddHours(-2) }))
        {
            reference.EnsureSuccessStatusCode();
            referenceId = (await reference.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        using (var monitor = await app.Http.PostAsJsonAsync("/api/v1/drift/monitors", new { name = "asr inputs", model = "e2e-asr", referenceId, window = new { minutes = 60 } }))
        {
            monitor.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/models");
        await page.GetByRole(AriaRole.Link, new() { Name = "e2e-asr" }).ClickAsync();
        await AppServer.ExpectPathAsync(page, "/models/e2e-asr$");
        await page.Locator("body[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=run-monitor]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=drift-headline]")).ToContainTextAsync("1 of 2 features drifted");
        var volume = page.Locator("[data-testid=feature-row-input_volume_dbfs]");
        await Assertions.Expect(volume).ToContainTextAsync("drifted");
        await Assertions.Expect(page.Locator("[data-testid=feature-row-device]")).ToContainTextAsync("stable");
        await volume.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=drift-chart] .js-plotly-plot")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=drift-chart]")).ToContainTextAsync("input_volume_dbfs");
        await AppServer.ScreenshotAsync(page, "model-drift");
        await Assertions.Expect(page.Locator("[data-testid=label-summary]")).ToContainTextAsync("600");

        var dark = await app.NewPageAsync(dark: true);
        await AppServer.GotoAsync(dark, "/models/e2e-asr");
        await dark.Locator("[data-testid=feature-row-input_volume_dbfs]").ClickAsync();
        await Assertions.Expect(dark.Locator("[data-testid=drift-chart] .js-plotly-plot")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(dark, "model-drift-dark");

        // Drift backs an alarm rule like any threshold rule.
        await page.Locator("[data-testid=alarm-dataset]").ClickAsync();
        await AppServer.ExpectPathAsync(page, "/rules/\\d+$");
        await Assertions.Expect(page.Locator("input[data-testid=rule-name]")).ToHaveValueAsync("Data drift: asr inputs");
    }
}

public sealed class MetricDetectorTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task PageHinkley_OnAMetric_MarksItsDetectionOnTheMetricChart()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-50);
        using (var detector = await app.Http.PostAsJsonAsync("/api/v1/drift/detectors",
                   new { name = "queue jump", kind = "pageHinkley", source = "metric", metric = "e2e.det_queue", startFrom = start.AddMinutes(-1) }))
        {
            detector.EnsureSuccessStatusCode();
            var id = (await detector.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            // 40 minutes around 10, then a jump to about 110.
            var samples = Enumerable.Range(0, 50).Select(i => (object)new { metric = "e2e.det_queue", value = (i < 40 ? 10 : 110) + (i % 3), timestamp = start.AddMinutes(i) }).ToArray();
            await app.Http.PostSamplesAsync(samples);
            using var run = await app.Http.PostAsync($"/api/v1/drift/detectors/{id}/run", null);
            Assert.True((await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signals").GetInt32() >= 1);
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/metrics/e2e.det_queue");
        await Assertions.Expect(page.Locator(".js-plotly-plot").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => (document.querySelector('.js-plotly-plot')?.layout?.shapes?.length ?? 0) > 0");
        await Assertions.Expect(page.Locator("[data-testid=detector-note]")).ToContainTextAsync("queue jump (PageHinkley)");
        await AppServer.ScreenshotAsync(page, "metric-detector");
    }
}
