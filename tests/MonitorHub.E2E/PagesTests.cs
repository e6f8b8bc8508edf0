using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class PagesTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Overview_GroupsCardsBySystemAndCategory_AndUpdatesLive()
    {
        var systemId = await app.Http.CreateSystemAsync("Overview system", "Audio", "ASR");
        await app.Http.PostSamplesAsync(new { metric = "ov.latency_ms", value = 180 });
        using (var put = await app.Http.PutAsync("/api/v1/metrics/ov.latency_ms", System.Net.Http.Json.JsonContent.Create(new
               {
                   displayName = "Overview latency", category = "Software", unit = "ms", systemId, reason = "Set up the overview",
               })))
        {
            put.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/");
        var card = page.Locator("[data-testid='card-ov.latency_ms']");
        await Assertions.Expect(page.Locator("[data-testid='system-Overview system']")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=card-value]")).ToHaveTextAsync("180.0 ms");

        await app.Http.PostSamplesAsync(new { metric = "ov.latency_ms", value = 321 });
        await Assertions.Expect(card.Locator("[data-testid=card-value]")).ToHaveTextAsync("321.0 ms");
        await AppServer.ScreenshotAsync(page, "overview");

        await page.Locator("[data-testid=dark-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-theme-dark, body")).Not.ToHaveCountAsync(0);
        await AppServer.ScreenshotAsync(page, "overview-dark");
    }

    [Fact]
    public async Task PinningAMetric_LeavesOnlyThePinnedOnTheOverview()
    {
        var systemId = await app.Http.CreateSystemAsync("Pinned system", "ASR");
        foreach (var (key, name) in new[] { ("pin.latency_ms", "Pinned latency"), ("pin.cpu_pct", "Pinned CPU") })
        {
            await app.Http.PostSamplesAsync(new { metric = key, value = 42 });
            using var put = await app.Http.PutAsync($"/api/v1/metrics/{key}", System.Net.Http.Json.JsonContent.Create(new
            {
                displayName = name, category = "Software", systemId, reason = "Set up pinning",
            }));
            put.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/metrics/pin.latency_ms");
        var pin = page.Locator("[data-testid=pin]");
        await Assertions.Expect(pin).ToHaveAttributeAsync("aria-pressed", "false");
        await pin.ClickAsync();
        await Assertions.Expect(pin).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByText("Pinned to the Overview.")).ToBeVisibleAsync();

        await AppServer.GotoAsync(page, "/");
        var system = page.Locator("[data-testid='system-Pinned system']");
        await Assertions.Expect(system.Locator(".metric-card")).ToHaveCountAsync(1);
        await Assertions.Expect(system.Locator("[data-testid='card-pin.latency_ms']")).ToBeVisibleAsync();
        await Assertions.Expect(system.Locator("[data-testid=hidden-metrics]")).ToHaveTextAsync("1 more metric in the catalogue");
        await AppServer.ScreenshotAsync(page, "overview-pinned");
    }

    [Fact]
    public async Task Pipeline_ShowsComponentsInOrderWithTheirMetrics()
    {
        var systemId = await app.Http.CreateSystemAsync("Pipeline system", "Audio capture", "VAD", "Speech recognition", "Search");
        var system = await app.Http.GetStringAsync($"/api/v1/systems/{systemId}");
        var vadId = System.Text.Json.JsonDocument.Parse(system).RootElement.GetProperty("components")[1].GetProperty("id").GetInt32();
        await app.Http.PostSamplesAsync(new { metric = "pl.avg_length_s", value = 3.1 });
        using (var put = await app.Http.PutAsync("/api/v1/metrics/pl.avg_length_s", System.Net.Http.Json.JsonContent.Create(new
               {
                   displayName = "Average input length", category = "Input", unit = "s", componentId = vadId, reason = "Place on VAD",
               })))
        {
            put.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, $"/pipelines/{systemId}");
        var vad = page.Locator("[data-testid='component-VAD']");
        await Assertions.Expect(vad).ToContainTextAsync("Average input length");
        await Assertions.Expect(vad).ToContainTextAsync("3.10 s");
        await Assertions.Expect(vad).ToContainTextAsync("feeds Speech recognition");
        var names = await page.Locator(".pipeline-node b").AllTextContentsAsync();
        Assert.Equal(["Audio capture", "VAD", "Speech recognition", "Search"], names.Where(n => n is "Audio capture" or "VAD" or "Speech recognition" or "Search").Take(4));
        await AppServer.ScreenshotAsync(page, "pipeline");
    }
}
