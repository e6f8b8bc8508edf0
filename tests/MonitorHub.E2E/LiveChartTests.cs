using Microsoft.Playwright;

namespace MonitorHub.E2E;

[Collection(TimedCollection.Name)]
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

        // The moment is taken in the page, by a MutationObserver, not by polling from the test: the
        // polling back-off of an expectation (100, 250, 500, 1000 ms) added up to half a second.
        await page.EvaluateAsync(LatencyProbe, "chart-e2e-latency_ms");
        await app.Http.PostSamplesAsync(new { metric = "e2e.latency_ms", value = 777.0 });
        await page.WaitForFunctionAsync("() => window.__liveProbe.at !== null", null, new() { Timeout = 5_000 });
        var elapsedMs = await page.EvaluateAsync<double>("() => window.__liveProbe.at - window.__liveProbe.start");
        await Assertions.Expect(page.Locator("[data-testid=latest-value]")).ToHaveTextAsync("777.0");

        TestContext.Current.TestOutputHelper?.WriteLine($"sample reached the chart in {elapsedMs:F0} ms");
        await AppServer.ScreenshotAsync(page, "metric-live");
        Assert.True(elapsedMs < 1000, $"the pushed sample took {elapsedMs:F0} ms to reach the chart");
    }

    /// <summary>Records, in the page, when both the headline number and the chart's last point show
    /// 777; the start is stamped before the sample is posted.</summary>
    internal const string LatencyProbe = """
        (chartId) => {
            const probe = { start: performance.now(), at: null };
            const shown = () =>
                document.querySelector('[data-testid=latest-value]')?.textContent?.trim() === '777.0'
                && window.monitorhub.chart.lastY(chartId, 0) === 777;
            const observer = new MutationObserver(() => {
                if (probe.at === null && shown()) { probe.at = performance.now(); observer.disconnect(); }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            window.__liveProbe = probe;
        }
        """;

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
