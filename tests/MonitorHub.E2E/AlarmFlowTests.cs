using System.Net.Http.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class AlarmFlowTests(AppServer app) : IClassFixture<AppServer>
{
    private async Task<int> CreateRuleAsync(object rule)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/v1/rules", rule);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task BreachAppearsInTheOpenInbox_OnCallAcknowledges_AndTheTimelineSaysWhoAndWhy()
    {
        using (var user = await app.Http.PostAsJsonAsync("/api/v1/users", new { userName = "olga", password = "oncall-password-1", role = "OnCall" })) user.EnsureSuccessStatusCode();
        var ruleId = await CreateRuleAsync(new
        {
            name = "E2E latency too high", metric = "e2e.alarm_latency_ms", aggregation = "max", windowSeconds = 60,
            @operator = ">", threshold = 500, clearThreshold = 400, severity = "critical", runbookUrl = "https://runbooks.example/latency",
        });
        await app.Http.PostSamplesAsync(new { metric = "e2e.alarm_latency_ms", value = 120 });
        (await app.Http.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).EnsureSuccessStatusCode();

        var page = await app.NewPageAsync(user: "olga", password: "oncall-password-1");
        await AppServer.GotoAsync(page, "/alarms");
        // Other tests of this class may have alarms open; this rule has none yet.
        var row = page.Locator("[data-testid=inbox] tr", new() { HasText = "E2E latency too high" });
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await AppServer.ScreenshotAsync(page, "alarms-before");

        await app.Http.PostSamplesAsync(new { metric = "e2e.alarm_latency_ms", value = 900 });
        (await app.Http.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).EnsureSuccessStatusCode();

        // No reload: the open inbox receives the new alarm, the bell counts it, a toast announces it.
        await Assertions.Expect(row).ToContainTextAsync("Firing");
        await Assertions.Expect(page.Locator("[data-testid=alarm-badge]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("[1-9]"));
        await Assertions.Expect(page.GetByText("Critical: E2E latency too high")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "alarms-firing");

        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await page.Locator("textarea[data-testid=comment]").FillAsync("rolling back model v8");
        await page.Locator(".mud-dialog").GetByText("Useful", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Acknowledged");
        await Assertions.Expect(row).ToContainTextAsync("by olga");

        await row.GetByRole(AriaRole.Link, new() { Name = "E2E latency too high" }).ClickAsync();
        var timeline = page.Locator("[data-testid=timeline]");
        await Assertions.Expect(timeline).ToContainTextAsync("acknowledged by olga");
        await Assertions.Expect(timeline).ToContainTextAsync("“rolling back model v8 [marked useful]”");
        await Assertions.Expect(timeline).ToContainTextAsync("inactive → Firing by evaluator");
        await page.Locator("#alarm-chart .main-svg").First.WaitForAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.getElementById('alarm-chart').data.length") >= 3, "value, threshold and clear lines");
        await AppServer.ScreenshotAsync(page, "alarm-detail");
    }

    [Fact]
    public async Task RuleEditor_ShowsTheCurrentValueAgainstTheThreshold_AsYouType()
    {
        await app.Http.PostSamplesAsync(new { metric = "e2e.queue_depth", value = 42 });
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/rules/new");
        await page.Locator("[data-testid=rule-name] input, input[data-testid=rule-name]").First.FillAsync("Queue too deep");
        var metric = page.Locator("[data-testid=rule-metric] input, input[data-testid=rule-metric]").First;
        await metric.FillAsync("e2e.queue_depth");
        await metric.PressAsync("Tab");
        var threshold = page.Locator("input[data-testid=rule-threshold], [data-testid=rule-threshold] input").First;
        await threshold.FillAsync("100");
        await Assertions.Expect(page.Locator("[data-testid=current-values]")).ToContainTextAsync("42.00 ok");
        await threshold.FillAsync("10");
        await Assertions.Expect(page.Locator("[data-testid=current-values]")).ToContainTextAsync("42.00 would fire");
        await Assertions.Expect(page.Locator("[data-testid=backtest]")).ToContainTextAsync("Last 7 days: would have fired 1 time");

        await page.Locator("input[data-testid=rule-clear], [data-testid=rule-clear] input").First.FillAsync("20");
        await Assertions.Expect(page.GetByText("could never clear")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "rule-editor");
        await page.Locator("input[data-testid=rule-clear], [data-testid=rule-clear] input").First.FillAsync("5");
        await page.Locator("[data-testid=save-rule]").ClickAsync();
        await Assertions.Expect(page.GetByText("Saved rule “Queue too deep”.")).ToBeVisibleAsync();
        var rules = await app.Http.GetStringAsync("/api/v1/rules");
        Assert.Contains("Queue too deep", rules, StringComparison.Ordinal);
        await AppServer.GotoAsync(page, "/rules");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Queue too deep" })).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "rules");
    }

    [Fact]
    public async Task OnCall_SilencesBySeverity_AndTheReportListsRules()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/silences");
        await page.Locator("[data-testid=create-silence]").ClickAsync();
        await Assertions.Expect(page.GetByText("Give at least one matcher")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=silence-comment]").FillAsync("load test tonight");
        var tags = page.GetByLabel("Tags (name=value, …)");
        await tags.FillAsync("host=load-1");
        await page.Locator("[data-testid=create-silence]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "load test tonight" })).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "silences");

        await AppServer.GotoAsync(page, "/reports/oncall");
        await Assertions.Expect(page.Locator("[data-testid=oncall-report]")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "oncall-report");
    }

    [Fact]
    public async Task Channels_ShowTheSecretOnce_AndTheDeliveryLogShowsAFailingReceiver()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/channels");
        await page.Locator("input[data-testid=channel-name]").FillAsync("broken receiver");
        // Nothing listens on loopback port 9: every delivery attempt is refused.
        await page.Locator("input[data-testid=channel-url]").FillAsync("http://127.0.0.1:9/hook");
        await page.Locator("[data-testid=create-channel]").ClickAsync();
        await Assertions.Expect(page.GetByText("Signing secret (shown once")).ToBeVisibleAsync();

        var card = page.Locator("[data-testid='channel-broken receiver']");
        await card.Locator("[data-testid='test-broken receiver']").ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("refused", new() { Timeout = 15_000 });
        await Assertions.Expect(card).ToContainTextAsync("Retrying");
        await AppServer.ScreenshotAsync(page, "channels");
    }
}
