using Microsoft.Playwright;

namespace MonitorHub.E2E.MultiNode;

/// <summary>
/// The cross-node latency, on a pair of its own in the timed collection (alone, after the parallel
/// tests): four processes plus Chromium on two cores would otherwise be measured with another test's load.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class MultiNodeLiveTests(MultiNodeTests.Fixture fixture) : IClassFixture<MultiNodeTests.Fixture>
{
    private Cluster Nodes => fixture.Cluster;

    [Fact]
    public async Task ChartOpenOnNodeB_ShowsASamplePostedToNodeA_WithinOneSecond()
    {
        await Nodes.StartAsync();
        const string metric = "mn.live_ms";
        var now = DateTimeOffset.UtcNow;
        await MultiNodeTests.PostAsync(Nodes.Http, Nodes.A, Enumerable.Range(1, 30).Select(i => (object)new { metric, value = 100 + i, timestamp = now.AddMinutes(-i) }).ToArray());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AppServer.LaunchBrowserAsync(playwright);
        var page = await MultiNodeTests.SignedInPageAsync(browser, Nodes.B);
        await AppServer.GotoAsync(page, "/metrics/" + metric);
        await page.Locator("#chart-mn-live_ms .main-svg").First.WaitForAsync();
        await Assertions.Expect(page.GetByText("step 10 s · from raw samples")).ToBeVisibleAsync();

        await page.EvaluateAsync(LiveChartTests.LatencyProbe, "chart-mn-live_ms");
        await MultiNodeTests.PostAsync(Nodes.Http, Nodes.A, new { metric, value = 777.0 });
        await page.WaitForFunctionAsync("() => window.__liveProbe.at !== null", null, new() { Timeout = 5_000 });
        var elapsedMs = await page.EvaluateAsync<double>("() => window.__liveProbe.at - window.__liveProbe.start");

        TestContext.Current.TestOutputHelper?.WriteLine($"a sample posted to node A reached node B's chart in {elapsedMs:F0} ms");
        await AppServer.ScreenshotAsync(page, "multinode-chart-on-b");
        Assert.True(elapsedMs < 1000, $"the sample took {elapsedMs:F0} ms from node A to node B's chart");
    }
}
