using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.E2E;

/// <summary>The rollout controller runs only when a test ticks it, so each step happens when the test says.</summary>
public sealed class DeploymentServer : IAsyncLifetime
{
    public AppServer App { get; } = new(new() { ["MonitorHub:Jobs:RunRecurring"] = "false" });

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class DeploymentFlowTests(DeploymentServer server) : IClassFixture<DeploymentServer>
{
    private AppServer App => server.App;

    /// <summary>Registers the model and both versions the way a service does: by logging a prediction with each.</summary>
    private async Task RegisterAsync(string model)
    {
        using var response = await App.Http.PostAsJsonAsync("/api/v1/predictions", new
        {
            predictions = new[] { new { id = model + "-1", model, version = "v1", output = "a", timestamp = DateTimeOffset.UtcNow.AddHours(-1), features = new { device = "pixel" } },
                new { id = model + "-2", model, version = "v2", output = "a", timestamp = DateTimeOffset.UtcNow.AddHours(-1), features = new { device = "pixel" } } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the create dialog from the list and creates the default canary of v1 → v2 judged on <paramref name="metric"/> per device.</summary>
    private async Task<IPage> CreateCanaryFromTheUiAsync(string model, string metric, bool dark = false)
    {
        var page = await App.NewPageAsync(dark: dark);
        await AppServer.GotoAsync(page, "/deployments");
        await page.Locator("[data-testid=new-deployment], [data-testid=new-deployment-empty]").First.ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=field-model]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = model, Exact = true }).ClickAsync();
        // The two registered versions: the older is the baseline, the newer the candidate.
        await Assertions.Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = "Baseline" })).ToContainTextAsync("v1");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = "Candidate" })).ToContainTextAsync("v2");
        await Assertions.Expect(dialog.Locator("[data-testid^=step-row-]")).ToHaveCountAsync(4);

        // A bad slice name is refused at its input by the Core validation, and nothing is created.
        await dialog.Locator("[data-testid=field-slices] input, input[data-testid=field-slices]").First.FillAsync("device kind");
        await dialog.Locator("[data-testid=metric-0-name] input, input[data-testid=metric-0-name]").First.FillAsync(metric);
        await dialog.Locator("[data-testid=field-min-samples] input, input[data-testid=field-min-samples]").First.FillAsync("50");
        await dialog.Locator("[data-testid=field-min-samples] input, input[data-testid=field-min-samples]").First.PressAsync("Enter");
        await Assertions.Expect(dialog.GetByText("A tag name (no spaces")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, dark ? "deployment-create-dark" : "deployment-create");

        await dialog.Locator("[data-testid=field-slices] input, input[data-testid=field-slices]").First.FillAsync("device");
        await dialog.Locator("[data-testid=field-slices] input, input[data-testid=field-slices]").First.PressAsync("Enter");
        await AppServer.ExpectPathAsync(page, "/deployments/[0-9]+$");
        await page.Locator("body[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=deployment-state]")).ToHaveTextAsync("pending");
        return page;
    }

    /// <summary>Starts the rollout (the controller sets the first weight) and runs its analysis now, as
    /// <c>POST …/analyze</c> does: on the real clock the analysis step's own first run would come an
    /// interval (60 s) later, and a test does not wait for it.</summary>
    private async Task StartAndAnalyzeAsync(IPage page)
    {
        await App.Services.GetRequiredService<DeploymentController>().RunAsync();
        await Assertions.Expect(page.Locator("[data-testid=deployment-state]")).ToHaveTextAsync("progressing");
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using var response = await App.Http.PostAsync($"/api/v1/deployments/{id}/analyze", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Canary_RegressingOnOneSlice_IsMarkedHighThere_AndRollsBackByItself_WithTheReasonShown()
    {
        const string model = "e2e-canary", metric = "e2e.canary_latency_ms";
        await RegisterAsync(model);
        var page = await CreateCanaryFromTheUiAsync(model, metric);

        // Ten minutes of traffic: the candidate is as fast as the baseline on iPhones and 50 % slower on
        // Pixels, which are few of its requests, so only the device=pixel slice crosses the gate (×1.1).
        var random = new Random(5);
        var now = DateTimeOffset.UtcNow;
        var samples = new List<object>();
        void Add(string version, string device, int n, double mean)
        {
            for (var i = 0; i < n; i++)
                samples.Add(new { metric, value = Math.Round(mean + (20 * (random.NextDouble() - 0.5)), 2), timestamp = now.AddSeconds(-590 + (i * 580.0 / n)), tags = new { version, device } });
        }

        Add("v1", "iphone", 300, 200);
        Add("v1", "pixel", 300, 200);
        Add("v2", "iphone", 300, 200);
        Add("v2", "pixel", 60, 300);
        await App.Http.PostSamplesAsync([.. samples]);

        await StartAndAnalyzeAsync(page);

        // No reload: the page follows the deployment feed.
        await Assertions.Expect(page.Locator("[data-testid=deployment-state]")).ToHaveTextAsync("rolledBack");
        var run = page.Locator("[data-testid^=run-]").First;
        await Assertions.Expect(run.Locator("[data-testid=run-verdict]")).ToHaveTextAsync("fail");
        await Assertions.Expect(run.Locator($"[data-testid='judgement-{metric}-device=pixel'] [data-testid=verdict]")).ToHaveTextAsync("high");
        await Assertions.Expect(run.Locator($"[data-testid='judgement-{metric}-overall'] [data-testid=verdict]")).ToHaveTextAsync("pass");
        await Assertions.Expect(page.Locator("[data-testid=state-reason]")).ToContainTextAsync("failed");
        await Assertions.Expect(page.Locator("[data-testid=state-reason]")).ToContainTextAsync("device=pixel");
        await Assertions.Expect(page.Locator("[data-testid=decisions]")).ToContainTextAsync("progressing → rolledBack");
        await Assertions.Expect(page.Locator("[data-testid=action-rollback]")).ToBeDisabledAsync();
        await page.Locator("#weight-chart .main-svg").First.WaitForAsync();
        await AppServer.ScreenshotAsync(page, "deployment-rolled-back");

        // The metric's own chart marks the canary's weight step and the rollback.
        var detailUrl = page.Url;
        await AppServer.GotoAsync(page, $"/metrics/{metric}");
        await Assertions.Expect(page.Locator("[data-testid=deployment-note]")).ToContainTextAsync("deployment #");
        var chartId = "chart-" + metric.Replace('.', '-');
        await page.Locator($"#{chartId} .main-svg").First.WaitForAsync();
        await Assertions.Expect(page.Locator($"#{chartId} .annotation-text").Last).ToContainTextAsync("rolledBack");
        await AppServer.ScreenshotAsync(page, "deployment-markers-on-metric");

        var dark = await App.NewPageAsync(dark: true);
        await AppServer.GotoAsync(dark, detailUrl);
        await dark.Locator("#weight-chart .main-svg").First.WaitForAsync();
        await AppServer.ScreenshotAsync(dark, "deployment-rolled-back-dark");
        await AppServer.GotoAsync(dark, "/deployments");
        await Assertions.Expect(dark.Locator("[data-testid=deployments]")).ToContainTextAsync(model);
        await AppServer.ScreenshotAsync(dark, "deployments-dark");
    }

    [Fact]
    public async Task Canary_WithoutData_IsInconclusive_AndPauses_SayingWhatWasMissing()
    {
        const string model = "e2e-quiet", metric = "e2e.quiet_latency_ms";
        await RegisterAsync(model);
        var page = await CreateCanaryFromTheUiAsync(model, metric, dark: true);

        await StartAndAnalyzeAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=deployment-state]")).ToHaveTextAsync("paused");
        var run = page.Locator("[data-testid^=run-]").First;
        await Assertions.Expect(run.Locator("[data-testid=run-verdict]")).ToHaveTextAsync("inconclusive");
        await Assertions.Expect(run.Locator($"[data-testid='judgement-{metric}-overall'] [data-testid=verdict]")).ToHaveTextAsync("noData");
        await Assertions.Expect(run.Locator("[data-testid=judgement-reason]").First).ToContainTextAsync("no data");
        await Assertions.Expect(page.Locator("[data-testid=state-reason]")).ToContainTextAsync("inconclusive");
        // Paused: resume is open, pause is not; any reader sees why.
        await Assertions.Expect(page.Locator("[data-testid=action-resume]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=action-pause]")).ToBeDisabledAsync();
        await AppServer.ScreenshotAsync(page, "deployment-paused-dark");

        // An action asks for a reason first; the reason lands in the timeline.
        await page.Locator("[data-testid=action-abort]").ClickAsync();
        await page.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(page.GetByText("A reason is required")).ToBeVisibleAsync();
        await page.Locator("textarea[data-testid=reason], [data-testid=reason] textarea").First.FillAsync("no traffic on the candidate yet");
        await page.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=deployment-state]")).ToHaveTextAsync("aborted");
        await Assertions.Expect(page.Locator("[data-testid=decisions]")).ToContainTextAsync("no traffic on the candidate yet");

        var light = await App.NewPageAsync();
        await AppServer.GotoAsync(light, "/deployments");
        await Assertions.Expect(light.Locator("[data-testid=deployments]")).ToContainTextAsync(model);
        await AppServer.ScreenshotAsync(light, "deployments");
    }
}
