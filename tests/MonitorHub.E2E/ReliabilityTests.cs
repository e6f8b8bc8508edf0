using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>
/// What an acknowledgement promises, tested on a real process: samples, predictions and labels that got
/// a 202 survive kill -9 at any moment, exactly once; SIGTERM under load drains everything accepted and
/// the process exits within the host's shutdown timeout, even with a dashboard open.
/// </summary>
public sealed class ReliabilityTests
{
    private const string Model = "crash-model";

    [Fact]
    public async Task Kill9_AtTenRandomMoments_LosesNoAcknowledgedSamplePredictionOrLabel()
    {
        var directory = NewDirectory();
        var load = new Load();
        var random = new Random();
        using var http = Client();
        try
        {
            for (var cycle = 0; cycle < 10; cycle++)
            {
                using var app = AppProcess.Start(directory);
                await app.WaitHealthyAsync(http);
                using var stop = new CancellationTokenSource();
                var writers = load.Writers(http, app.Address, cycle, stop.Token);
                // A random moment: early (while the first batches commit) to late (steady state).
                await Task.Delay(random.Next(200, 2_500), TestContext.Current.CancellationToken);
                app.KillHard();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            using var restarted = AppProcess.Start(directory);
            await restarted.WaitHealthyAsync(http);
            load.AssertAllStoredExactlyOnce(directory);
        }
        finally
        {
            Delete(directory);
        }
    }

    [Fact]
    public async Task Sigterm_UnderLoad_WithADashboardOpen_DrainsEverythingAndExitsInTime()
    {
        var directory = NewDirectory();
        var load = new Load();
        using var http = Client();
        try
        {
            using (var app = AppProcess.Start(directory))
            {
                await app.WaitHealthyAsync(http);
                using var playwright = await Playwright.CreateAsync();
                await using var browser = await AppServer.LaunchBrowserAsync(playwright);
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString() });
                var page = await context.NewPageAsync();
                await AppServer.LoginAsync(page, "admin", AppServer.AdminPassword);
                using var stop = new CancellationTokenSource();
                var writers = load.Writers(http, app.Address, 0, stop.Token);
                while (load.Samples.Count < 5_000) await Task.Delay(20, TestContext.Current.CancellationToken);
                // A live chart of the metric under load, as an on-call dashboard would be.
                await AppServer.GotoAsync(page, "/metrics/crash.seq");
                await page.Locator(".js-plotly-plot").First.WaitForAsync();

                var clock = Stopwatch.StartNew();
                var exitCode = await app.TerminateAsync(TimeSpan.FromSeconds(60));
                var took = clock.Elapsed;
                await stop.CancelAsync();
                await Task.WhenAll(writers);
                // Measured at ~0.3 s; before the realtime connections were closed on stopping it took the full 30 s timeout.
                Assert.True(took < TimeSpan.FromSeconds(10), $"SIGTERM took {took.TotalSeconds:0.0} s; the host's shutdown timeout is 30 s");
                Assert.Equal(0, exitCode);
            }

            using var restarted = AppProcess.Start(directory);
            await restarted.WaitHealthyAsync(http);
            load.AssertAllStoredExactlyOnce(directory);
        }
        finally
        {
            Delete(directory);
        }
    }

    private static HttpClient Client()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AppServer.AdminToken);
        return http;
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "monitorhub-reliability", Guid.NewGuid().ToString("N"));

    private static void Delete(string directory)
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Samples, predictions and labels sent while the server lives; what got 202 is remembered.</summary>
    private sealed class Load
    {
        public ConcurrentBag<double> Samples { get; } = [];
        public ConcurrentBag<string> Predictions { get; } = [];
        public ConcurrentBag<string> Labels { get; } = [];
        private readonly ConcurrentQueue<string> _unlabelled = new();
        private long _sequence;

        public List<Task> Writers(HttpClient http, Uri address, int cycle, CancellationToken stop) =>
        [
            Task.Run(() => SamplesAsync(http, address, stop)),
            Task.Run(() => SamplesAsync(http, address, stop)),
            Task.Run(() => PredictionsAsync(http, address, cycle, stop)),
            Task.Run(() => LabelsAsync(http, address, stop)),
        ];

        private async Task SamplesAsync(HttpClient http, Uri address, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                // Unique values, so each acknowledged one can be looked for after the crash.
                var values = Enumerable.Range(0, 200).Select(_ => (double)Interlocked.Increment(ref _sequence)).ToList();
                if (!await PostAsync(http, new Uri(address, "/api/v1/metrics"), new { samples = values.Select(v => new { metric = "crash.seq", value = v }) })) return;
                foreach (var v in values) Samples.Add(v);
            }
        }

        private async Task PredictionsAsync(HttpClient http, Uri address, int cycle, CancellationToken stop)
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var ids = Enumerable.Range(0, 50).Select(i => $"p-{cycle}-{batch}-{i}").ToList();
                var body = new
                {
                    predictions = ids.Select(id => new { id, model = Model, version = "v1", timestamp = DateTimeOffset.UtcNow, features = new { x = 1.5 }, output = "yes", score = 0.9 }),
                };
                if (!await PostAsync(http, new Uri(address, "/api/v1/predictions"), body)) return;
                foreach (var id in ids)
                {
                    Predictions.Add(id);
                    _unlabelled.Enqueue(id);
                }
            }
        }

        private async Task LabelsAsync(HttpClient http, Uri address, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var ids = new List<string>();
                while (ids.Count < 50 && _unlabelled.TryDequeue(out var id)) ids.Add(id);
                if (ids.Count == 0)
                {
                    await Task.Delay(20, CancellationToken.None);
                    continue;
                }

                if (!await PostAsync(http, new Uri(address, "/api/v1/labels"), new { labels = ids.Select(id => new { predictionId = id, model = Model, label = "yes" }) })) return;
                foreach (var id in ids) Labels.Add(id);
            }
        }

        /// <summary>True on 202; false once the server is gone. Other answers are retried (a 429 under load).</summary>
        private static async Task<bool> PostAsync(HttpClient http, Uri url, object body)
        {
            while (true)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync(url, body, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Accepted) return true;
                    if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                        throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return false; // shutting down
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            }
        }

        public void AssertAllStoredExactlyOnce(string directory)
        {
            Assert.True(Samples.Count > 0 && Predictions.Count > 0 && Labels.Count > 0, $"load too small: {Samples.Count} samples, {Predictions.Count} predictions, {Labels.Count} labels");
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "monitorhub.db")};Mode=ReadOnly");
            connection.Open();
            var stored = Counts(connection, "SELECT s.Value FROM samples s JOIN series r ON r.Id = s.SeriesId WHERE r.MetricKey = 'crash.seq'", r => r.GetDouble(0));
            var lost = Samples.Where(v => !stored.ContainsKey(v)).ToList();
            var doubled = Samples.Where(v => stored.GetValueOrDefault(v) > 1).ToList();
            Assert.True(lost.Count == 0 && doubled.Count == 0, $"{lost.Count} of {Samples.Count} acknowledged samples lost, {doubled.Count} stored twice");

            var predictions = Counts(connection, $"SELECT PredictionId FROM predictions WHERE Model = '{Model}'", r => r.GetString(0));
            var missingPredictions = Predictions.Count(id => predictions.GetValueOrDefault(id) != 1);
            Assert.True(missingPredictions == 0, $"{missingPredictions} of {Predictions.Count} acknowledged predictions missing");
            var labelled = Counts(connection, $"SELECT PredictionId FROM predictions WHERE Model = '{Model}' AND LabelText IS NOT NULL", r => r.GetString(0));
            var missingLabels = Labels.Count(id => !labelled.ContainsKey(id));
            Assert.True(missingLabels == 0, $"{missingLabels} of {Labels.Count} acknowledged labels missing");
        }

        private static Dictionary<T, int> Counts<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read) where T : notnull
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<T, int>();
            while (reader.Read()) counts[read(reader)] = counts.GetValueOrDefault(read(reader)) + 1;
            return counts;
        }
    }
}
