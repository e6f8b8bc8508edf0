using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>An editor adds a scrape target on the page, sees it go up, and sees it go red with the
/// error when the target stops answering.</summary>
public sealed class ScrapeTargetFlowTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task AddedTarget_GoesUp_ThenRedWithTheError_WhenItStopsAnswering()
    {
        var port = ExternalProcess.FreePort();
        using var target = new HttpListener();
        target.Prefixes.Add($"http://127.0.0.1:{port}/");
        target.Start();
        var serving = ServeAsync(target);

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/catalogue");
        await page.Locator("[data-testid=scrape-targets-link]").ClickAsync();
        await page.Locator("body[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=empty-state]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=add-target]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=target-name]").FillAsync("model-server");
        await dialog.Locator("input[data-testid=target-url]").FillAsync($"http://127.0.0.1:{port}/metrics");
        await dialog.Locator("input[data-testid=target-interval]").FillAsync("5");
        await dialog.Locator("input[data-testid=target-timeout]").FillAsync("2");
        await dialog.Locator("input[data-testid=target-timeout]").PressAsync("Tab");
        // Enter saves from any field.
        await dialog.Locator("input[data-testid=target-url]").PressAsync("Enter");

        var health = page.Locator("[data-testid=health-model-server]");
        await Assertions.Expect(health).ToContainTextAsync("up", new() { Timeout = 15_000 });
        await AppServer.ScreenshotAsync(page, "scrape-targets");

        target.Stop();
        await serving;
        await Assertions.Expect(health).ToContainTextAsync("down", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=error-model-server]")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "scrape-targets-down");
    }

    private static async Task ServeAsync(HttpListener listener)
    {
        var body = Encoding.UTF8.GetBytes("# TYPE inference_requests_total counter\ninference_requests_total 42\n# TYPE gpu_utilization gauge\ngpu_utilization 0.73\n");
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
