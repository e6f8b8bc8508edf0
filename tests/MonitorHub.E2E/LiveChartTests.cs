using System.Diagnostics;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class LiveChartTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task MetricPage_ShowsAPushedSampleWithinOneSecond()
    {
        var now = DateTimeOffset.UtcNow;
        await app.Http.PostSamplesAsync(Enumerable.Range(1, 60)
            .Select(i => (object)new { metric = "e2e.latency_ms", value = 200 + i % 7, timestamp = now.AddMinutes(-i) }).ToArray());
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/metrics/e2e.latency_ms");
        await page.Locator("#chart-e2e-latency_ms .main-svg").First.WaitForAsync();
        await Assertions.Expect(page.GetByText("step 10 s · from raw samples")).ToBeVisibleAsync();

        var watch = Stopwatch.StartNew();
        await app.Http.PostSamplesAsync(new { metric = "e2e.latency_ms", value = 777.0 });
        await Assertions.Expect(page.Locator("[data-testid=latest-value]")).ToHaveTextAsync("777.0", new() { Timeout = 5_000 });
        await page.WaitForFunctionAsync("() => window.monitorhub.chart.lastY('chart-e2e-latency_ms', 0) === 777", null, new() { Timeout = 5_000, PollingInterval = 20 });
        watch.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"sample reached the chart in {watch.ElapsedMilliseconds} ms");
        await AppServer.ScreenshotAsync(page, "metric-live");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the pushed sample took {watch.ElapsedMilliseconds} ms to reach the chart");
    }

    [Fact]
    public async Task MetricPage_SwitchesRangeAndAggregation_AndLabelsAxesInTheUsersZone()
    {
        var now = DateTimeOffset.UtcNow;
        await app.Http.PostSamplesAsync(Enumerable.Range(1, 200)
            .Select(i => (object)new { metric = "e2e.cpu_pct", value = 40 + i % 13, timestamp = now.AddMinutes(-i * 5), tags = new { host = i % 2 == 0 ? "a" : "b" } }).ToArray());
        var page = await app.NewPageAsync(timeZone: "Asia/Tokyo");
        await AppServer.GotoAsync(page, "/metrics/e2e.cpu_pct");
        await page.Locator("#chart-e2e-cpu_pct .main-svg").First.WaitForAsync();
        await AppServer.ScreenshotAsync(page, "metric-1h");

        await page.Locator("[data-testid=range-picker]").GetByText("24 h", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("step 5 min · from five-minute rollups")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-e2e-cpu_pct .xtitle")).ToHaveTextAsync("time (Asia/Tokyo)");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('chart-e2e-cpu_pct').data.length"));

        await page.Locator("[data-testid=agg-picker]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "p95" }).ClickAsync();
        await Assertions.Expect(page.Locator("#chart-e2e-cpu_pct .ytitle")).ToHaveTextAsync("p95 e2e.cpu_pct");
        await AppServer.ScreenshotAsync(page, "metric-24h-p95");
    }

    [Fact]
    public async Task UnknownMetric_ShowsAnEmptyState()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/metrics/does.not.exist");
        await Assertions.Expect(page.GetByText("Unknown metric")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "metric-unknown");
    }
}
