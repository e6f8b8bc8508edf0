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

public sealed class DemoTests(DemoServer demo) : IClassFixture<DemoServer>
{
    private AppServer App => demo.App;

    private async Task WaitForDemoAsync()
    {
        // The simulator back-fills a day through the HTTP API, then classifies its metrics.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var metrics = await App.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics");
            if (metrics.EnumerateArray().Count(m => !m.GetProperty("unclassified").GetBoolean()) >= 12) return;
            await Task.Delay(250);
        }

        Assert.Fail("the demo did not classify its twelve metrics within 90 s");
    }

    [Fact]
    public async Task Demo_FillsTheOverviewWithTheVoiceSearchSystem_AndKeepsItLive()
    {
        await WaitForDemoAsync();
        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, "/");
        var system = page.Locator("[data-testid='system-Voice search']");
        await Assertions.Expect(system.Locator(".metric-card")).ToHaveCountAsync(12);
        await Assertions.Expect(system.GetByText("Software metrics")).ToBeVisibleAsync();
        await Assertions.Expect(system.GetByText("Input metrics")).ToBeVisibleAsync();
        await Assertions.Expect(system.GetByText("Output metrics")).ToBeVisibleAsync();
        await Assertions.Expect(system.Locator("svg.sparkline")).ToHaveCountAsync(12);

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
        await Assertions.Expect(page.GetByText("step 5 min · from minute rollups")).ToBeVisibleAsync();

        // Two model versions, and the scripted spike five hours ago stands out far above normal.
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('chart-asr-latency_ms').data.length"));
        var max = await page.EvaluateAsync<double>("() => Math.max(...document.getElementById('chart-asr-latency_ms').data[0].y)");
        Assert.True(max > 600, $"latency spike peak {max} ms");
        await AppServer.ScreenshotAsync(page, "demo-latency-24h");

        await AppServer.GotoAsync(page, "/pipelines");
        await Assertions.Expect(page.Locator("[data-testid='component-Speech recognition']")).ToContainTextAsync("Latency");
        await AppServer.ScreenshotAsync(page, "demo-pipeline");
    }
}
