using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>The seed's method as one flow: brainstorm, pick a metric, set a threshold with evidence, change it with a reason, roll back.</summary>
public sealed class FailureModeFlowTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task FailureModeFromTemplate_ToRule_WithBacktest_ReasonedVersion_AndRollback()
    {
        // Two hours of history: ~200 ms with a 10-minute spike to 900 ms an hour ago.
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var samples = Enumerable.Range(0, 120).Select(i => (object)new
        {
            metric = "e2e.fm_latency_ms", value = i is >= 60 and < 70 ? 900 : 200 + (i % 5), timestamp = start.AddMinutes(i).AddSeconds(30),
        }).ToArray();
        await app.Http.PostSamplesAsync(samples);

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/failure-modes");
        await page.Locator("[data-testid=new-from-template]").ClickAsync();
        await page.Locator("[data-testid=template-server-overload]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("input[data-testid=fm-title]")).ToHaveValueAsync("Server overload");
        var metric = dialog.Locator("input[data-testid=fm-metric-add]");
        await metric.FillAsync("e2e.fm_lat");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "e2e.fm_latency_ms" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=fm-metrics]")).ToContainTextAsync("e2e.fm_latency_ms");
        await AppServer.ScreenshotAsync(page, "failure-mode-dialog");
        await dialog.Locator("[data-testid=fm-save]").ClickAsync();

        var card = page.Locator("[data-testid^=fm-card-]", new() { HasText = "Server overload" });
        await Assertions.Expect(card).ToContainTextAsync("e2e.fm_latency_ms");
        await AppServer.ScreenshotAsync(page, "failure-modes");
        // The link carries the metric and the failure mode to the rule editor.
        var href = await card.Locator("[data-testid='create-rule-e2e.fm_latency_ms']").GetAttributeAsync("href");
        Assert.StartsWith("/rules/new?metric=e2e.fm_latency_ms&failureMode=", href, StringComparison.Ordinal);
        await AppServer.GotoAsync(page, href!);
        await Assertions.Expect(page.Locator("input[data-testid=rule-name]")).ToHaveValueAsync("Server overload: e2e.fm_latency_ms");
        var threshold = page.Locator("input[data-testid=rule-threshold]");
        await threshold.FillAsync("500");
        await threshold.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=backtest]")).ToContainTextAsync("Last 7 days: would have fired 1 time");
        await Assertions.Expect(page.Locator("[data-testid=backtest-chart] .js-plotly-plot")).ToBeVisibleAsync();
        await page.Locator("[data-testid=save-rule]").ClickAsync();
        await AppServer.ExpectPathAsync(page, "/rules/\\d+$");
        var ruleId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=version-1]")).ToContainTextAsync("Created");

        // The failure mode now names the rule.
        var modes = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/failure-modes");
        Assert.Contains(modes.EnumerateArray(), m => m.GetProperty("title").GetString() == "Server overload" && m.GetProperty("ruleIds").EnumerateArray().Any(r => r.GetInt32() == ruleId));

        // A change needs a reason.
        threshold = page.Locator("input[data-testid=rule-threshold]");
        await threshold.FillAsync("800");
        await threshold.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=backtest]")).ToContainTextAsync("would have fired 1 time");
        await page.Locator("[data-testid=save-rule]").ClickAsync();
        await Assertions.Expect(page.GetByText("Required: say why you are changing it")).ToBeVisibleAsync();
        var reason = page.Locator("input[data-testid=rule-reason]");
        await reason.FillAsync("Only page on severe overload");
        await reason.PressAsync("Tab");
        await page.Locator("[data-testid=save-rule]").ClickAsync();
        var v2 = page.Locator("[data-testid=version-2]");
        await Assertions.Expect(v2).ToContainTextAsync("Only page on severe overload");
        await Assertions.Expect(v2).ToContainTextAsync("threshold");
        await page.Locator("[data-testid=suggest]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=suggestion-medianMad]")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "rule-versions");

        await page.Locator("[data-testid=rollback-1]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=version-3]")).ToContainTextAsync("Rolled back to version 1");
        await Assertions.Expect(page.Locator("input[data-testid=rule-threshold]")).ToHaveValueAsync("500");
        var rule = await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/rules/{ruleId}");
        Assert.Equal(500, rule.GetProperty("threshold").GetDouble());

        await AppServer.GotoAsync(page, "/coverage");
        await Assertions.Expect(page.Locator("[data-testid=gap-silent-rules]")).ToContainTextAsync("Server overload: e2e.fm_latency_ms");
        await AppServer.ScreenshotAsync(page, "coverage");
    }

    [Fact]
    public async Task Coverage_CreateRuleButton_StaysOnOneLine_NextToALongMetricKey()
    {
        await app.Http.PostSamplesAsync(new { metric = "e2e.coverage.a_rather_long_metric_key_without_any_rule_yet", value = 1 });
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await AppServer.GotoAsync(page, "/coverage");
        var button = page.Locator("[data-testid=gap-metrics] [data-testid=create-rule]").First;
        await button.WaitForAsync();
        // A one-line small button is about 31 px high; wrapped into "CREA / RU…" it was twice that.
        var box = await button.BoundingBoxAsync();
        Assert.True(box!.Height < 40, $"The button is {box.Height} px high: its label wrapped.");
        // ...and it is on the card, not pushed past its edge by the key.
        var card = await page.Locator("[data-testid=gap-metrics]").BoundingBoxAsync();
        Assert.True(box.X + box.Width <= card!.X + card.Width, $"The button ends at {box.X + box.Width} px, past the card's edge at {card.X + card.Width} px.");
        await page.Locator("[data-testid=gap-metrics]").ScreenshotAsync(new() { Path = Path.Combine(AppServer.ScreenshotDirectory, "coverage-create-rule.png") });
    }

    [Fact]
    public async Task Coverage_ListsAMetricAFailureModeNames_AsPlanned_UntilItsFirstSample()
    {
        using (var created = await app.Http.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Echo from new speakers", likelihood = 2, impact = 4, metricKeys = new[] { "e2e.planned.echo_ratio" } }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/coverage");
        var planned = page.Locator("[data-testid=gap-planned]");
        await Assertions.Expect(planned).ToContainTextAsync("e2e.planned.echo_ratio");
        await Assertions.Expect(planned).ToContainTextAsync("planned, not reporting");
        await planned.ScreenshotAsync(new() { Path = Path.Combine(AppServer.ScreenshotDirectory, "coverage-planned.png") });

        await app.Http.PostSamplesAsync(new { metric = "e2e.planned.echo_ratio", value = 0.1 });
        await AppServer.GotoAsync(page, "/coverage");
        await Assertions.Expect(page.Locator("[data-testid=gap-metrics]").GetByRole(AriaRole.Link, new() { Name = "e2e.planned.echo_ratio" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=gap-planned]", new() { HasText = "e2e.planned.echo_ratio" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Checklist_LatencyTarget_SuggestsARule_CreatedWithOneClick()
    {
        using var system = await app.Http.PostAsJsonAsync("/api/v1/systems", new { name = "Checklist E2E", components = new[] { new { name = "ASR" } } });
        system.EnsureSuccessStatusCode();
        var systemId = (await system.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await app.Http.PostSamplesAsync(new { metric = "ck.e2e_latency_ms", value = 120 });
        using (var put = await app.Http.PutAsJsonAsync("/api/v1/metrics/ck.e2e_latency_ms", new { displayName = "Latency", category = "Software", unit = "ms", systemId, reason = "assign" }))
        {
            put.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, $"/systems/{systemId}/checklist");
        var latency = page.Locator("input[data-testid=latency-target]");
        await latency.FillAsync("250");
        await latency.PressAsync("Tab");
        await page.Locator("[data-testid=automation] input[value=ShadowMode], [data-testid=automation] label:has-text('Shadow mode')").First.ClickAsync();
        await page.Locator("[data-testid=save-checklist]").ClickAsync();
        await Assertions.Expect(page.GetByText("Checklist saved.")).ToBeVisibleAsync();
        await page.Locator("[data-testid=create-suggested-0]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=suggested-rules]")).ToContainTextAsync("created");
        await AppServer.ScreenshotAsync(page, "checklist");

        var rules = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
        var rule = Assert.Single(rules.EnumerateArray(), r => r.GetProperty("metric").GetString() == "ck.e2e_latency_ms");
        Assert.Equal(("p95", 250.0), (rule.GetProperty("aggregation").GetString(), rule.GetProperty("threshold").GetDouble()));
        var checklist = await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/systems/{systemId}/checklist");
        Assert.Equal("ShadowMode", checklist.GetProperty("automation").GetString());

        await AppServer.GotoAsync(page, "/pipelines");
        await Assertions.Expect(page.Locator("[data-testid=automation-degree]").First).ToBeVisibleAsync();
    }
}
