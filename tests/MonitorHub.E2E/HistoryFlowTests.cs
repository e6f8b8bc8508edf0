using System.Net.Http.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class HistoryFlowTests(AppServer app) : IClassFixture<AppServer>
{
    private async Task<int> CreateRuleAsync(object rule)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/v1/rules", rule);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task RegisterModelAsync(string model)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/v1/predictions", new
        {
            predictions = new[]
            {
                new { id = model + "-1", model, version = "v7", output = "a", timestamp = DateTimeOffset.UtcNow.AddMinutes(-5), features = new { device = "pixel" } },
                new { id = model + "-2", model, version = "v8", output = "a", timestamp = DateTimeOffset.UtcNow.AddMinutes(-5), features = new { device = "pixel" } },
            },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HistoryShowsTheChainOfChanges_GroupedByLocalHour_FiltersByKind_AndGrowsLive_AndTheAlarmShowsWhatChangedBefore()
    {
        // A deployment step and a rule change, then the alarm they led to.
        await RegisterModelAsync("hist-asr");
        using (var created = await app.Http.PostAsJsonAsync("/api/v1/deployments", new { model = "hist-asr", strategy = "canary", baseline = "v7", candidate = "v8", steps = new[] { new { setWeight = 25 } } }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
            (await app.Http.PostAsJsonAsync($"/api/v1/deployments/{id}/abort", new { reason = "latency step after v8" })).EnsureSuccessStatusCode();
        }

        var ruleId = await CreateRuleAsync(new { name = "History latency", metric = "e2e.hist_latency_ms", aggregation = "max", windowSeconds = 60, threshold = 500, clearThreshold = 400, reason = "first cut" });
        await app.Http.PostSamplesAsync(new { metric = "e2e.hist_latency_ms", value = 900 });
        var alarms = await (await app.Http.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var alarmId = alarms[0].GetProperty("id").GetInt64();

        var page = await app.NewPageAsync(timeZone: "Asia/Kolkata");
        await AppServer.GotoAsync(page, "/history");
        var history = page.Locator("[data-testid=history]");
        await Assertions.Expect(history).ToContainTextAsync("hist-asr v7 → v8");
        await Assertions.Expect(history).ToContainTextAsync("latency step after v8");
        await Assertions.Expect(history).ToContainTextAsync("Version 1: first cut");
        await Assertions.Expect(history).ToContainTextAsync("History latency");
        // Grouped by the browser's hour: Kolkata is UTC+5:30, so the header's hour is the local one.
        var kolkata = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        await Assertions.Expect(page.Locator("[data-testid=hour]").First).ToContainTextAsync(kolkata.ToString("yyyy-MM-dd HH:00", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=sparkline] svg")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "history");

        // Kinds are chips: deselecting "alarm" drops the alarm's events and keeps the deployment.
        await page.Locator("[data-testid=kind-filter] .mud-chip", new() { HasText = "alarm" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=event][data-kind=alarm]")).ToHaveCountAsync(0);
        await Assertions.Expect(history).ToContainTextAsync("hist-asr v7 → v8");
        await page.Locator("[data-testid=kind-filter] .mud-chip", new() { HasText = "alarm" }).ClickAsync();
        var alarmEvents = page.Locator("[data-testid=event][data-kind=alarm]");
        await Assertions.Expect(alarmEvents).Not.ToHaveCountAsync(0);
        var before = await alarmEvents.CountAsync();

        // Live: acknowledging through the API adds the event to the open page without a reload.
        (await app.Http.PostAsJsonAsync($"/api/v1/alarms/{alarmId}/ack", new { comment = "rolling back to v7" })).EnsureSuccessStatusCode();
        await Assertions.Expect(alarmEvents).ToHaveCountAsync(before + 1);
        await Assertions.Expect(history).ToContainTextAsync("rolling back to v7");

        // The alarm's page lists what changed in the hour before it started: the deployment and the rule, not the alarm itself.
        await AppServer.GotoAsync(page, $"/alarms/{alarmId}");
        var changes = page.Locator("[data-testid=changes-before]");
        await Assertions.Expect(changes).ToContainTextAsync("latency step after v8");
        await Assertions.Expect(changes).ToContainTextAsync("Version 1: first cut");
        // (Other tests of this class open alarms on the same server; those are changes like any other.)
        await Assertions.Expect(changes.Locator("[data-testid=event][data-kind=alarm]", new() { HasText = "History latency" })).ToHaveCountAsync(0);
        // In the browser's zone, like the rest of the page.
        var ruleEvents = await app.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/events?kind=rule");
        var ruleChanged = new DateTimeOffset(ruleEvents.GetProperty("events")[0].GetProperty("time").GetDateTime());
        await Assertions.Expect(changes).ToContainTextAsync(TimeZoneInfo.ConvertTime(ruleChanged, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        // The alarm's own start time too, although the page drew before the browser told its zone.
        var alarm = await app.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/alarms/{alarmId}");
        var started = alarm.GetProperty("alarm").GetProperty("startedAt");
        await Assertions.Expect(page.Locator("[data-testid=alarm-started]")).ToHaveTextAsync(
            TimeZoneInfo.ConvertTime(started.GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await AppServer.ScreenshotAsync(page, "alarm-changes-before");
    }

    [Fact]
    public async Task MetricChart_OverlaysTheMetricsChanges_WhenAsked()
    {
        const string metric = "e2e.overlay_latency_ms";
        await app.Http.PostSamplesAsync(new { metric, value = 120 });
        var ruleId = await CreateRuleAsync(new { name = "Overlay latency", metric, aggregation = "max", windowSeconds = 60, threshold = 100, clearThreshold = 90, reason = "page on slow answers" });
        (await app.Http.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).EnsureSuccessStatusCode();

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, $"/metrics/{metric}");
        var chart = page.Locator("#chart-e2e-overlay_latency_ms");
        await chart.Locator(".main-svg").First.WaitForAsync();
        await Assertions.Expect(chart.Locator(".annotation-text")).ToHaveCountAsync(0);

        await page.Locator("input[data-testid=events-switch], [data-testid=events-switch] input").First.CheckAsync();
        // The rule's creation and the alarm it opened, each a dotted line with a ◆ above the plot.
        await Assertions.Expect(page.Locator("[data-testid=events-note]")).ToContainTextAsync("2 changes of this metric");
        await Assertions.Expect(chart.Locator(".annotation-text")).ToHaveCountAsync(2);
        await page.Mouse.MoveAsync(0, 0); // the switch's tooltip would cover the chart
        await AppServer.ScreenshotAsync(page, "metric-changes-overlay");
    }

    [Fact]
    public async Task EmptyRange_ShowsTheEmptyState_AndTheNavMenuLeadsToHistory()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await AppServer.ExpectPathAsync(page, "/history$");
        await page.Locator("[data-testid=kind-filter] .mud-chip", new() { HasText = "detector" }).WaitForAsync();
        // Only detections: none happened.
        foreach (var kind in new[] { "alarm", "notification", "silence", "rule change", "metric change", "deployment", "automation", "drift", "access & privacy" })
        {
            await page.Locator("[data-testid=kind-filter] .mud-chip", new() { HasText = kind }).ClickAsync();
        }

        await Assertions.Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("Nothing happened");
        await AppServer.ScreenshotAsync(page, "history-empty");
    }
}
