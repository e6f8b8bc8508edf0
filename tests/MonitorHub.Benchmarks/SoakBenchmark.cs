using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.Benchmarks;

/// <summary>
/// Sustained load on a real MonitorHub process (the Release build of the web app): optionally preload
/// N samples, measure ingestion capacity, then ingest at half of it for the given minutes with five
/// live dashboards open in Chromium and 100 rules evaluating. Reports the process's resident memory
/// at start and end (and after the preload), p99 ingest latency and the worst rule-evaluation lag.
/// </summary>
internal static class SoakBenchmark
{
    private const string Token = "soak-admin-token-0123456789";
    private const string Password = "soak-admin-password-1";
    private const int Batch = 1_000;

    public static async Task RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var preload = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-soak", Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var app = Start(directory, address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Token);
        try
        {
            await WaitHealthyAsync(http);
            var rssPreloaded = 0.0;
            if (preload > 0)
            {
                await IngestAsync(http, preload, concurrency: 2, DateTimeOffset.UtcNow.AddDays(-6), TimeSpan.FromDays(6));
                rssPreloaded = RssMb(app);
            }

            // A few seconds of data so the ten metrics exist before rules and dashboards refer to them.
            await IngestForAsync(http, TimeSpan.FromSeconds(3), rate: double.PositiveInfinity, latencies: null);
            for (var r = 0; r < 100; r++)
            {
                using var rule = await http.PostAsJsonAsync("/api/v1/rules", new { name = $"soak rule {r}", metric = $"soak.m{r % 10}", threshold = 1e9, windowSeconds = 300, evaluationIntervalSeconds = 10, tags = new { host = $"h{r % 20}" } });
                rule.EnsureSuccessStatusCode();
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            for (var d = 0; d < 5; d++) await OpenDashboardAsync(browser, address, $"soak.m{d}");

            // Capacity under the same conditions as the soak (dashboards open, rules evaluating): 20 s as
            // fast as two clients can push. On a 2-core machine the five Chromium renderers take a large share.
            var probe = Stopwatch.StartNew();
            var probed = await IngestForAsync(http, TimeSpan.FromSeconds(20), rate: double.PositiveInfinity, latencies: null);
            var capacity = probed / probe.Elapsed.TotalSeconds;

            var rssStart = RssMb(app);
            var latencies = new List<double>();
            var lag = Task.Run(() => WorstRuleLagAsync(http, TimeSpan.FromMinutes(minutes)));
            // RSS once a minute: growth that levels off is caches reaching their size; a steady slope is a leak.
            var rssByMinute = new List<double>();
            using var stopSampling = new CancellationTokenSource();
            var sampling = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1), stopSampling.Token);
                        rssByMinute.Add(RssMb(app));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
            var sent = await IngestForAsync(http, TimeSpan.FromMinutes(minutes), capacity / 2, latencies);
            var worstLag = await lag;
            await stopSampling.CancelAsync();
            await sampling;
            var rssEnd = RssMb(app);
            latencies.Sort();
            var p99 = latencies.Count == 0 ? 0 : latencies[(int)(latencies.Count * 0.99)];
            var result = string.Create(CultureInfo.InvariantCulture,
                $"soak minutes={minutes} capacity_samples_per_s={capacity:F0} rate_samples_per_s={capacity / 2:F0} sent={sent} dashboards=5 rules=100 " +
                $"rss_start_mb={rssStart:F0} rss_end_mb={rssEnd:F0} rss_growth_pct={(rssEnd - rssStart) / rssStart * 100:F1} " +
                $"ingest_p99_ms={p99:F1} rule_lag_max_s={worstLag:F1} preloaded_samples={preload} rss_after_preload_mb={rssPreloaded:F0} " +
                $"rss_by_minute_mb={string.Join(',', rssByMinute.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}");
            // Printed before anything is torn down, and the server stopped before the browser: closing
            // Chromium with five live circuits open once hung for minutes and swallowed a finished run.
            Console.WriteLine(result);
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }

            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static Process Start(string directory, Uri address)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var dll = Path.Combine(root, "src", "MonitorHub.Web", "bin", "Release", "net10.0", "MonitorHub.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the web app in Release first (dotnet build -c Release).", dll);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     dll, "--urls", address.ToString(), $"--MonitorHub:DataDirectory={directory}", "--environment", "Production",
                     "--Logging:LogLevel:Default=Warning", $"--MonitorHub:Bootstrap:AdminToken={Token}", $"--MonitorHub:Bootstrap:AdminPassword={Password}",
                     "--MonitorHub:Security:IngestRequestsPerSecond=100000", "--MonitorHub:Limits:MaxSeries=1000000",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("MonitorHub did not become healthy");
    }

    private static async Task OpenDashboardAsync(IBrowser browser, Uri address, string metric)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = address.ToString() });
        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("body[data-interactive=true]").WaitForAsync();
        await page.GotoAsync($"/metrics/{metric}");
        await page.Locator(".js-plotly-plot").First.WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>100 series per metric (10 metrics × host tag), current time; paced to <paramref name="rate"/>.</summary>
    private static async Task<long> IngestForAsync(HttpClient http, TimeSpan duration, double rate, List<double>? latencies)
    {
        long sent = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async worker =>
        {
            var sequence = 0;
            while (clock.Elapsed < duration)
            {
                // Wait until this batch is due: sending it after at most 50 ms regardless let the
                // "half capacity" soak run unthrottled.
                double due;
                while (double.IsFinite(due = Interlocked.Read(ref sent) / rate) && due > clock.Elapsed.TotalSeconds && clock.Elapsed < duration)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(0.05, due - clock.Elapsed.TotalSeconds)));
                }

                if (clock.Elapsed >= duration) break;
                var body = Body(DateTimeOffset.UtcNow, worker, sequence++);
                var started = clock.Elapsed;
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("/api/v1/metrics", content);
                if (response.StatusCode != HttpStatusCode.Accepted) continue;
                if (latencies is not null)
                {
                    lock (latencies) latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                }

                Interlocked.Add(ref sent, Batch);
            }
        }));
        return sent;
    }

    private static async Task IngestAsync(HttpClient http, long total, int concurrency, DateTimeOffset from, TimeSpan span)
    {
        long next = -1;
        var batches = (total + Batch - 1) / Batch;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < batches)
            {
                using var content = new ByteArrayContent(Body(from + (span * i / batches), (int)(i % 2), (int)i));
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("/api/v1/metrics", content);
                if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"preload batch {i}: {(int)response.StatusCode}");
            }
        }));
    }

    private static byte[] Body(DateTimeOffset at, int worker, int sequence)
    {
        var json = new StringBuilder("{\"samples\":[");
        for (var i = 0; i < Batch; i++)
        {
            if (i > 0) json.Append(',');
            var series = (sequence * Batch + i) % 1000;
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"metric\":\"soak.m{series % 10}\",\"value\":{100 + ((i * 7919) % 1000) / 10.0},\"timestamp\":\"{at.AddMilliseconds(-i).UtcDateTime:O}\",\"tags\":{{\"host\":\"h{series / 10}\",\"w\":\"{worker}\"}}}}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    /// <summary>The longest any rule went without an evaluation beyond its 10 s interval, sampled every 5 s.</summary>
    private static async Task<double> WorstRuleLagAsync(HttpClient http, TimeSpan duration)
    {
        var worst = 0.0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var rules = await http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
            var now = DateTimeOffset.UtcNow;
            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.GetProperty("lastEvaluatedAt").ValueKind != JsonValueKind.String) continue;
                var lag = (now - rule.GetProperty("lastEvaluatedAt").GetDateTimeOffset()).TotalSeconds - 10;
                worst = Math.Max(worst, lag);
            }
        }

        return Math.Max(0, worst);
    }

    private static double RssMb(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
