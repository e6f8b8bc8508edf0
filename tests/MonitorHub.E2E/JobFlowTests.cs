using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MonitorHub.Infrastructure.BatchJobs;

namespace MonitorHub.E2E;

public sealed class JobFlowTests(AppServer app) : IClassFixture<AppServer>
{
    private async Task<JsonElement> JobAsync(string name) => await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{name}");

    [Fact]
    public async Task ReportedRunsShowOnTheJobPage_AndAMissedRunMakesItLate_AndOpensTheDeadManAlarm()
    {
        const string job = "e2e-feature-extraction";
        foreach (var (runId, rows) in new[] { ("n1", 118_000), ("n2", 121_500) })
        {
            (await app.Http.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", new { status = "started", runId, rowsIn = rows })).EnsureSuccessStatusCode();
            (await app.Http.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", new { status = "succeeded", runId, rowsOut = rows - 900, durationSeconds = 40 + rows / 10_000 })).EnsureSuccessStatusCode();
        }

        (await app.Http.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", new { status = "failed", durationSeconds = 12, rowsIn = 119_000, message = "Worker 3 ran out of memory" })).EnsureSuccessStatusCode();
        (await app.Http.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", new { status = "succeeded", durationSeconds = 44, rowsIn = 119_000, rowsOut = 118_200 })).EnsureSuccessStatusCode();
        // Hourly with 30 minutes' grace while the pages show the job on time: its deadline is at least half
        // an hour away whatever the wall clock says (every minute from the start made the "ok" checks fail
        // when the runs were posted just before a minute boundary).
        using (var hourly = await app.Http.PutAsJsonAsync($"/api/v1/jobs/{job}", new { cron = "0 * * * *", graceMinutes = 30, description = "Nightly feature extraction (hourly here)." }))
            Assert.True(hourly.IsSuccessStatusCode, await hourly.Content.ReadAsStringAsync());

        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/jobs");
        await Assertions.Expect(page.Locator($"[data-testid=state-{job}]")).ToContainTextAsync("ok");
        await page.GetByRole(AriaRole.Link, new() { Name = job }).ClickAsync();
        await AppServer.ExpectPathAsync(page, $"/jobs/{job}$");
        await Assertions.Expect(page.Locator("[data-testid=job-state]")).ToContainTextAsync("ok");
        await Assertions.Expect(page.Locator("[data-testid=job-schedule]")).ToContainTextAsync("cron 0 * * * * (UTC), 30 min grace");
        await Assertions.Expect(page.Locator("[data-testid=runs-table] tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=runs-table]")).ToContainTextAsync("Worker 3 ran out of memory");
        await page.Locator("#job-chart .main-svg").First.WaitForAsync();
        // Duration, rows in, rows out, and the failed run's marker.
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.getElementById('job-chart').data.length"));
        await Assertions.Expect(page.Locator("[data-testid=job-rules]")).ToContainTextAsync($"Job late: {job}");
        await AppServer.ScreenshotAsync(page, "job-ok");

        // Every minute, no grace: the next minute boundary is the deadline. No run comes: past it the job is
        // overdue; the check writes it and the rule fires.
        using var put = await app.Http.PutAsJsonAsync($"/api/v1/jobs/{job}", new { cron = "* * * * *", graceMinutes = 0, description = "Nightly feature extraction (every minute here)." });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var deadMan = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rules").EnumerateArray()
            .Single(r => r.GetProperty("metric").GetString() == $"job.{job}.overdue_minutes").GetProperty("id").GetInt32();
        var check = app.Services.GetRequiredService<JobCheckService>();
        var deadline = DateTime.UtcNow.AddSeconds(100);
        while ((await JobAsync(job)).GetProperty("state").GetString() != "late")
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never became late");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        await Task.Delay(1100, TestContext.Current.CancellationToken);
        await check.RunAsync(CancellationToken.None);
        await Task.Delay(1100, TestContext.Current.CancellationToken);
        (await app.Http.PostAsync($"/api/v1/rules/{deadMan}/evaluate", null)).EnsureSuccessStatusCode();
        var open = await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/alarms?ruleId={deadMan}");
        Assert.Contains(open.EnumerateArray(), a => a.GetProperty("state").GetString() is "firing" or "Firing");

        await page.ReloadAsync();
        await page.Locator("body[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=job-state]")).ToContainTextAsync("late");
        await Assertions.Expect(page.Locator("[data-testid=job-next]")).ToContainTextAsync("overdue since");
        await AppServer.ScreenshotAsync(page, "job-late");

        var dark = await app.NewPageAsync(dark: true);
        await AppServer.GotoAsync(dark, $"/jobs/{job}");
        await Assertions.Expect(dark.Locator("[data-testid=job-state]")).ToContainTextAsync("late");
        await dark.Locator("#job-chart .main-svg").First.WaitForAsync();
        await AppServer.ScreenshotAsync(dark, "job-late-dark");
        await AppServer.GotoAsync(dark, "/alarms");
        await Assertions.Expect(dark.Locator("[data-testid=inbox] tr", new() { HasText = $"Job late: {job}" })).ToHaveCountAsync(1);
        await AppServer.GotoAsync(dark, "/jobs");
        await AppServer.ScreenshotAsync(dark, "jobs-list-dark");
    }

    [Fact]
    public async Task UnknownJob_ShowsAnEmptyState()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/jobs/no-such-job");

        await Assertions.Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("No job 'no-such-job'");
    }
}
