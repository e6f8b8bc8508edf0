using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.E2E.MultiNode;

public sealed class MigrationCommandTests
{
    [Fact]
    public async Task MigrateSqliteTo_MovesADemoStoreIntoPostgreSql_AndBothServeTheSameData()
    {
        PostgresDatabase.Require();
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-migrate", Guid.NewGuid().ToString("N"));
        using var http = Cluster.AdminClient();
        await using var database = await PostgresDatabase.CreateAsync();
        // Nothing may change either store while they are compared: no demo, no recurring jobs.
        string[] still = ["--MonitorHub:Jobs:RunRecurring=false"];
        try
        {
            using (var demo = AppProcess.Start(directory, "Warning", "--MonitorHub:Demo=true"))
            {
                await demo.WaitHealthyAsync(http);
                await WaitForDemoAsync(http, demo.Address);
                Assert.Equal(0, await demo.TerminateAsync(TimeSpan.FromSeconds(30)));
            }

            var settings = Path.Combine(directory, "postgres.json");
            await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new { MonitorHub = new { Database = new { Provider = "PostgreSQL", database.ConnectionString } } }));
            using (var migrate = AppProcess.Start(directory, "Information", "--migrate-sqlite-to", settings))
            {
                var exit = await migrate.ExitCodeAsync(TimeSpan.FromMinutes(3));
                TestContext.Current.TestOutputHelper?.WriteLine(migrate.Output);
                Assert.True(exit == 0, $"the command exited with {exit}: {migrate.Output}");
                Assert.Contains("Copied", migrate.Output, StringComparison.Ordinal);
            }

            // Again into the same database: refused, naming a table, and nothing changes.
            using (var again = AppProcess.Start(directory, "Warning", "--migrate-sqlite-to", settings))
            {
                Assert.Equal(3, await again.ExitCodeAsync(TimeSpan.FromMinutes(1)));
                Assert.Contains("already holds data", again.Output, StringComparison.Ordinal);
            }

            using var onSqlite = AppProcess.Start(directory, "Warning", still);
            using var onPostgres = AppProcess.Start(directory + "-pg", "Warning",
                [.. still, .. database.Settings().Select(s => $"--{s.Key}={s.Value}"), "--MonitorHub:Jobs:Storage=PostgreSQL",
                 $"--MonitorHub:Security:HashKey={await File.ReadAllTextAsync(Path.Combine(directory, "redaction.key"))}"]);
            await onSqlite.WaitHealthyAsync(http);
            await onPostgres.WaitHealthyAsync(http);

            var to = DateTimeOffset.UtcNow;
            foreach (var path in new[]
                     {
                         "/api/v1/metrics", "/api/v1/rules", "/api/v1/alarms", "/api/v1/models", "/api/v1/systems",
                         string.Create(CultureInfo.InvariantCulture, $"/api/v1/metrics/asr.latency_ms/series?agg=count&step=3600&from={to.AddDays(-2).UtcDateTime:O}&to={to.UtcDateTime:O}"),
                         string.Create(CultureInfo.InvariantCulture, $"/api/v1/metrics/asr.latency_ms/series?agg=p95&step=3600&from={to.AddDays(-2).UtcDateTime:O}&to={to.UtcDateTime:O}"),
                     })
            {
                var expected = await http.GetStringAsync(new Uri(onSqlite.Address, path));
                var actual = await http.GetStringAsync(new Uri(onPostgres.Address, path));
                Assert.True(expected == actual, $"{path} differs after the move:\nSQLite:     {Head(expected)}\nPostgreSQL: {Head(actual)}");
            }

            // The pages say the same: the catalogue's count and the alarm inbox (all but its "age" column,
            // which moves with the clock between the two page loads).
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await AppServer.LaunchBrowserAsync(playwright);
            var texts = new List<string>();
            foreach (var node in new[] { onSqlite, onPostgres })
            {
                var page = await MultiNodeTests.SignedInPageAsync(browser, node);
                await AppServer.GotoAsync(page, "/catalogue");
                var catalogue = await page.GetByText(new System.Text.RegularExpressions.Regex(@"^\d+-\d+ of \d+$")).First.InnerTextAsync();
                await AppServer.GotoAsync(page, "/alarms");
                var rows = page.Locator("[data-testid=inbox] tbody tr");
                await Assertions.Expect(rows.First).ToBeVisibleAsync();
                var inbox = await rows.EvaluateAllAsync<string[]>(
                    "rows => rows.map(r => [...r.cells].slice(0, 5).map(c => c.innerText.trim()).join(' | '))");
                texts.Add(catalogue + "\n" + string.Join("\n", inbox));
                await AppServer.ScreenshotAsync(page, node == onSqlite ? "migrated-alarms-sqlite" : "migrated-alarms-postgresql");
            }

            TestContext.Current.TestOutputHelper?.WriteLine(texts[0]);
            Assert.Equal(texts[0], texts[1]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var folder in new[] { directory, directory + "-pg" })
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }

    private static string Head(string json) => json.Length <= 400 ? json : json[..400] + "…";

    /// <summary>The demo back-fills a day, classifies its metrics and fires its alarms; wait for alarms.</summary>
    private static async Task WaitForDemoAsync(HttpClient http, Uri node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var alarms = await http.GetFromJsonAsync<JsonElement>(new Uri(node, "/api/v1/alarms"));
            var metrics = await http.GetFromJsonAsync<JsonElement>(new Uri(node, "/api/v1/metrics"));
            if (Count(alarms) > 0 && metrics.EnumerateArray().Count(m => !m.GetProperty("unclassified").GetBoolean()) >= 12) return;
            await Task.Delay(500);
        }

        Assert.Fail("the demo did not classify its metrics and fire an alarm within 120 s");
    }

    private static int Count(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : list.TryGetProperty("items", out var items) ? items.GetArrayLength() : 0;
}
