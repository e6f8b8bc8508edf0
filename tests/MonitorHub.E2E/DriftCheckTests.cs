using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class DriftCheckTests(AppServer app) : IClassFixture<AppServer>
{
    /// <summary>Two CSV files with a shifted numeric column, a categorical column with a new category and a steady column.</summary>
    private static (byte[] Reference, byte[] Current) Files()
    {
        var random = new Random(42);
        double Normal(double mean, double sd) => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        string[] devices = ["phone", "web", "tablet"];
        var reference = new StringBuilder("latency_ms,device,score\r\n");
        for (var i = 0; i < 300; i++)
            reference.Append(CultureInfo.InvariantCulture, $"{Normal(120, 15):0.##},{devices[i % 3]},{Normal(0.5, 0.1):0.###}\r\n");
        var current = new StringBuilder("latency_ms,device,score\r\n");
        for (var i = 0; i < 200; i++)
            current.Append(CultureInfo.InvariantCulture, $"{Normal(160, 15):0.##},\"{(i % 4 == 0 ? "smart \"\"watch\"\"" : devices[i % 3])}\",{Normal(0.5, 0.1):0.###}\r\n");
        return (Encoding.UTF8.GetBytes(reference.ToString()), Encoding.UTF8.GetBytes(current.ToString()));
    }

    [Fact]
    public async Task Viewer_UploadsTwoCsvs_SeesTheDriftedColumn_AndItsOverlay()
    {
        using (var user = await app.Http.PostAsJsonAsync("/api/v1/users", new { userName = "vera", password = "viewer-password-1", role = "Viewer" })) user.EnsureSuccessStatusCode();
        var (reference, current) = Files();
        var page = await app.NewPageAsync(user: "vera", password: "viewer-password-1");
        await AppServer.GotoAsync(page, "/drift/check");
        await Assertions.Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("No check yet");

        await page.Locator("[data-testid=reference-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(
            new FilePayload { Name = "training.csv", MimeType = "text/csv", Buffer = reference });
        await page.Locator("[data-testid=current-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(
            new FilePayload { Name = "last-week.csv", MimeType = "text/csv", Buffer = current });
        await Assertions.Expect(page.Locator("[data-testid=reference-summary]")).ToContainTextAsync("300 rows × 3 columns");
        await Assertions.Expect(page.Locator("[data-testid=current-summary]")).ToContainTextAsync("200 rows × 3 columns");

        await page.Locator("[data-testid=drift-run]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=drift-headline]")).ToContainTextAsync("Dataset drift");
        await Assertions.Expect(page.Locator("[data-testid=drift-headline]")).ToContainTextAsync("2 of 3 tested columns drifted");
        await Assertions.Expect(page.Locator("[data-testid=drift-status-latency_ms]")).ToHaveTextAsync("drifted");
        await Assertions.Expect(page.Locator("[data-testid=drift-status-device]")).ToHaveTextAsync("drifted");
        await Assertions.Expect(page.Locator("[data-testid=drift-status-score]")).ToHaveTextAsync("stable");
        var latencyRow = page.Locator("[data-testid=drift-table] tr", new() { Has = page.Locator("[data-testid=drift-col-latency_ms]") });
        await Assertions.Expect(latencyRow).ToContainTextAsync("ks");

        var overlay = page.Locator("[data-testid=drift-overlay]");
        await page.Locator("[data-testid=drift-col-device]").ClickAsync();
        await Assertions.Expect(overlay).ToContainTextAsync("device: reference vs current");
        await Assertions.Expect(overlay.Locator("[data-testid=drift-chart] .js-plotly-plot")).ToHaveCountAsync(1);
        await Assertions.Expect(overlay.Locator(".xtick", new() { HasText = "smart \"watch\"" })).ToHaveCountAsync(1);

        await page.Locator("[data-testid=drift-col-latency_ms]").ClickAsync();
        await Assertions.Expect(overlay).ToContainTextAsync("latency_ms: reference vs current");
        await Assertions.Expect(overlay.Locator(".xtitle")).ToHaveTextAsync("latency_ms (value)");
        await Assertions.Expect(overlay.Locator(".ytitle")).ToHaveTextAsync("share of values");
        await Assertions.Expect(overlay.Locator("[data-testid=drift-chart] .js-plotly-plot .trace.bars")).ToHaveCountAsync(2);
        await AppServer.ScreenshotAsync(page, "drift-check");

        await page.Locator("[data-testid=dark-toggle]").ClickAsync();
        await Assertions.Expect(overlay.Locator("[data-testid=drift-chart] .js-plotly-plot")).ToHaveCountAsync(1);
        await AppServer.ScreenshotAsync(page, "drift-check-dark");
    }

    [Fact]
    public async Task MismatchedColumns_AndOversizedFiles_AreExplained()
    {
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/drift/check");

        await page.Locator("[data-testid=reference-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(
            new FilePayload { Name = "ref.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a,b\n1,x\n2,y\n") });
        await page.Locator("[data-testid=current-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(
            new FilePayload { Name = "cur.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a\n1\n") });
        await page.Locator("[data-testid=drift-run]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=drift-error]")).ToContainTextAsync("Column 'b' is in the reference file but not in the current file.");

        await page.Locator("[data-testid=current-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(
            new FilePayload { Name = "broken.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a,b\n\"open,1\n") });
        await Assertions.Expect(page.Locator("[data-testid=current-summary]")).ToContainTextAsync("broken.csv: Line 2: a quoted field is never closed.");
        await Assertions.Expect(page.Locator("[data-testid=drift-run]")).ToBeDisabledAsync();

        // A file on disk, not a buffer: Playwright hands a local browser the path, whereas a 21 MB buffer
        // crosses its driver protocol as base64 and took ~40 s of both cores, starving parallel tests.
        var big = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}", "huge.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        await using (var file = File.Create(big)) file.SetLength(21 * 1024 * 1024);
        await page.Locator("[data-testid=current-upload] input[type=file]:not(.d-none)").SetInputFilesAsync(big);
        await Assertions.Expect(page.Locator("[data-testid=current-summary]")).ToContainTextAsync("huge.csv is 21 MB; the limit here is 20 MB");
        Directory.Delete(Path.GetDirectoryName(big)!, recursive: true);
    }
}
