using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace MonitorHub.E2E;

public sealed class CrashRecoveryTests
{
    private const int Writers = 4;
    private const int BatchSize = 250;

    [Fact]
    public async Task Kill9_DuringSustainedIngestion_LosesNoAcknowledgedSample()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-crash", Guid.NewGuid().ToString("N"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AppServer.AdminToken);
        var acknowledged = new ConcurrentBag<double>();
        try
        {
            using (var app = AppProcess.Start(directory))
            {
                await app.WaitHealthyAsync(http);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => IngestUntilStoppedAsync(http, app.Address, w, acknowledged, stop.Token))).ToList();

                // Kill once a good amount is acknowledged and requests are still in flight.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (acknowledged.Count < 40_000 && DateTime.UtcNow < deadline) await Task.Delay(20);
                app.KillHard();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acknowledged.Count >= 40_000, $"only {acknowledged.Count} samples were acknowledged before the kill");

            using (var restarted = AppProcess.Start(directory))
            {
                await restarted.WaitHealthyAsync(http);
                var stored = StoredValues(directory);
                var missing = acknowledged.Where(v => !stored.Contains(v)).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged samples were lost");

                // And the restarted app serves them: its count covers at least what was acknowledged.
                var to = DateTimeOffset.UtcNow.AddMinutes(1);
                var series = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(
                    new Uri(restarted.Address, $"/api/v1/metrics/crash.seq/series?agg=count&step=3600&from={to.AddHours(-2).UtcDateTime:O}&to={to.UtcDateTime:O}"));
                var counted = series.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()).Sum(p => p.GetProperty("v").GetDouble());
                Assert.True(counted >= acknowledged.Count, $"API counts {counted}, acknowledged {acknowledged.Count}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task IngestUntilStoppedAsync(HttpClient http, Uri address, int writer, ConcurrentBag<double> acknowledged, CancellationToken stop)
    {
        long sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            // Values are unique across writers, so each acknowledged one can be looked for after the crash.
            var values = Enumerable.Range(0, BatchSize).Select(_ => writer * 1e9 + sequence++).ToList();
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(address, "/api/v1/metrics"),
                    new { samples = values.Select(v => new { metric = "crash.seq", value = v }) }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    foreach (var v in values) acknowledged.Add(v);
                }
            }
            catch (HttpRequestException)
            {
                return; // the server is gone
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    private static HashSet<double> StoredValues(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "monitorhub.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.Value FROM samples s JOIN series r ON r.Id = s.SeriesId WHERE r.MetricKey = 'crash.seq'";
        using var reader = command.ExecuteReader();
        var values = new HashSet<double>();
        while (reader.Read()) values.Add(reader.GetDouble(0));
        return values;
    }
}
