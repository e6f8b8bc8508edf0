using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class IncidentFlowTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task UpstreamAndDownstreamAlarms_AreOneIncident_AckingItAcksAll_AndTheHistoryShowsIt()
    {
        // VAD → ASR → Search; a rule on VAD's and on ASR's metric.
        using var created = await app.Http.PostAsJsonAsync("/api/v1/systems", new
        {
            name = "Cascade",
            components = new[] { new { name = "VAD" }, new { name = "ASR" }, new { name = "Search" } },
            edges = new[] { new { from = "VAD", to = "ASR" }, new { from = "ASR", to = "Search" } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var system = await created.Content.ReadFromJsonAsync<JsonElement>();
        var systemId = system.GetProperty("id").GetInt32();
        var components = system.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("id").GetInt32());
        var rules = new Dictionary<string, int>();
        foreach (var name in new[] { "VAD", "ASR" })
        {
            var metric = "e2e.cascade_" + name.ToLowerInvariant();
            await app.Http.PostSamplesAsync(new { metric, value = 10 });
            using (var put = await app.Http.PutAsJsonAsync($"/api/v1/metrics/{metric}", new { displayName = name + " signal", category = "Software", componentId = components[name], reason = "pipeline" }))
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            using var rule = await app.Http.PostAsJsonAsync("/api/v1/rules", new { name = name + " broken", metric, threshold = 5, clearThreshold = 4 });
            rules[name] = (await rule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        // Downstream first, then the upstream alarm that joins and becomes the origin.
        (await app.Http.PostAsync($"/api/v1/rules/{rules["ASR"]}/evaluate", null)).EnsureSuccessStatusCode();
        (await app.Http.PostAsync($"/api/v1/rules/{rules["VAD"]}/evaluate", null)).EnsureSuccessStatusCode();

        var page = await app.NewPageAsync(timeZone: "America/New_York");
        await AppServer.GotoAsync(page, $"/pipelines/{systemId}");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-VAD']")).ToHaveAttributeAsync("data-level", "warning");
        await Assertions.Expect(page.Locator("[data-testid='dag-badge-ASR']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-Search']")).ToHaveAttributeAsync("data-level", "ok");
        var listed = page.Locator("[data-testid=incident-list] tr", new() { HasText = "Cascade" });
        await Assertions.Expect(listed).ToContainTextAsync("VAD");
        await AppServer.ScreenshotAsync(page, "incident-pipeline");

        await AppServer.GotoAsync(page, "/incidents");
        await page.Locator("[data-testid=incident-list] tr", new() { HasText = "Cascade" }).GetByRole(AriaRole.Link).ClickAsync();
        await AppServer.ExpectPathAsync(page, "/incidents/[0-9]+$");
        await Assertions.Expect(page.Locator("[data-testid=incident-origin]")).ToHaveTextAsync("VAD");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-VAD']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-ASR']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-Search']")).ToHaveAttributeAsync("data-highlighted", "false");
        await Assertions.Expect(page.Locator("[data-testid=incident-alarms]")).ToContainTextAsync("probably caused upstream");
        await Assertions.Expect(page.Locator("[data-testid=incident-alarms]")).ToContainTextAsync("notifications held");
        await page.Locator("[id^=alarm-chart-] .main-svg").Nth(1).WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=changes-before]")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "incident");
        var incidentPath = new Uri(page.Url).AbsolutePath;

        var dark = await app.NewPageAsync(dark: true);
        await AppServer.GotoAsync(dark, incidentPath);
        await dark.Locator("[id^=alarm-chart-] .main-svg").Nth(1).WaitForAsync();
        await AppServer.ScreenshotAsync(dark, "incident-dark");
        await AppServer.GotoAsync(dark, $"/pipelines/{systemId}");
        await Assertions.Expect(dark.Locator("[data-testid='dag-node-VAD']")).ToHaveAttributeAsync("data-level", "warning");
        await AppServer.ScreenshotAsync(dark, "incident-pipeline-dark");

        // One comment acknowledges every alarm of the incident.
        await page.Locator("[data-testid=incident-ack]").ClickAsync();
        await page.Locator("textarea[data-testid=comment]").FillAsync("VAD threshold change, rolling back");
        await page.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=incident-state]")).ToHaveTextAsync("acknowledged");
        await Assertions.Expect(page.Locator("[data-testid=incident-alarm-state]")).ToHaveTextAsync(["Acknowledged", "Acknowledged"]);
        foreach (var ruleId in rules.Values)
        {
            var alarms = await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?ruleId={ruleId}");
            Assert.Equal("acknowledged", alarms[0].GetProperty("state").GetString());
        }

        // The history shows the chain: the alarms, the incident finding its origin, and the acknowledgement.
        await AppServer.GotoAsync(page, "/history");
        var history = page.Locator("[data-testid=history]");
        await Assertions.Expect(history).ToContainTextAsync("Probable origin: VAD");
        await Assertions.Expect(history).ToContainTextAsync("acknowledged: VAD threshold change, rolling back");
        await Assertions.Expect(history).ToContainTextAsync("Notifications held: upstream VAD is firing");
        await Assertions.Expect(page.Locator("[data-testid=event][data-kind=incident]")).Not.ToHaveCountAsync(0);
        await AppServer.ScreenshotAsync(page, "incident-history");
    }
}
