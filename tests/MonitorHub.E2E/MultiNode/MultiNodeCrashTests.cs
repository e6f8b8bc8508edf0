using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace MonitorHub.E2E.MultiNode;

/// <summary>A node of two killed with SIGKILL mid-ingestion; a cluster of its own, since it loses a node.</summary>
public sealed class MultiNodeCrashTests
{
    [Fact]
    public async Task Kill9_OfNodeA_DuringIngestion_EverySampleItAcknowledgedIsReadableOnB_AndBKeepsEvaluatingRules()
    {
        await using var nodes = new Cluster();
        await nodes.StartAsync();
        using var rule = await nodes.Http.PostAsJsonAsync(new Uri(nodes.B.Address, "/api/v1/rules"), new
        {
            name = "Crash canary", metric = "mn.crash_rule", aggregation = "max", windowSeconds = 60, @operator = ">",
            threshold = 500, clearThreshold = 400, severity = "info", evaluationIntervalSeconds = 10,
        });
        rule.EnsureSuccessStatusCode();
        var ruleId = (await rule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var acknowledged = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() => IngestUntilStoppedAsync(nodes, w, acknowledged, stop.Token))).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Count < 5_000 && DateTime.UtcNow < deadline) await Task.Delay(20);
        nodes.A.KillHard();
        var killedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(acknowledged.Count >= 5_000, $"only {acknowledged.Count} samples were acknowledged before the kill");

        // Node B reads them (its API), and the store holds every one (values are unique).
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/metrics/mn.crash/series?agg=count&step=3600&from={to.AddHours(-2).UtcDateTime:O}&to={to.UtcDateTime:O}");
        var series = await nodes.Http.GetFromJsonAsync<JsonElement>(new Uri(nodes.B.Address, url));
        var counted = series.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()).Sum(p => p.GetProperty("v").GetDouble());
        Assert.True(counted >= acknowledged.Count, $"node B counts {counted}, node A acknowledged {acknowledged.Count}");
        var stored = await StoredValuesAsync(nodes.Database.ConnectionString);
        var missing = acknowledged.Count(v => !stored.Contains(v));
        Assert.True(missing == 0, $"{missing} of {acknowledged.Count} acknowledged samples are not in the store");

        // Rules go on being evaluated (Hangfire's recurring job, now only on B's server).
        var evaluatedAfter = $"SELECT count(*) FROM rule_evaluations WHERE \"RuleId\" = {ruleId} AND \"AtMs\" > {killedAtMs + 10_000}";
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (await nodes.Database.ScalarAsync(evaluatedAfter) == 0 && DateTime.UtcNow < deadline)
        {
            // The rule's series keeps a sample in its window, so each evaluation has a value to record.
            using var sample = await nodes.Http.PostAsJsonAsync(new Uri(nodes.B.Address, "/api/v1/metrics"), new { samples = new[] { new { metric = "mn.crash_rule", value = 1 } } });
            sample.EnsureSuccessStatusCode();
            await Task.Delay(1000);
        }

        Assert.True(await nodes.Database.ScalarAsync(evaluatedAfter) > 0, "no rule was evaluated in the minute after node A died");
    }

    private static async Task IngestUntilStoppedAsync(Cluster nodes, int writer, ConcurrentBag<double> acknowledged, CancellationToken stop)
    {
        for (var batch = 0; !stop.IsCancellationRequested; batch++)
        {
            var values = Enumerable.Range(0, 100).Select(i => writer * 1e9 + batch * 100 + i).ToArray();
            try
            {
                using var response = await nodes.Http.PostAsJsonAsync(new Uri(nodes.A.Address, "/api/v1/metrics"),
                    new { samples = values.Select(v => new { metric = "mn.crash", value = v }).ToArray() }, stop);
                if (response.IsSuccessStatusCode) foreach (var v in values) acknowledged.Add(v);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The node died under the request or the test stopped: not acknowledged.
            }
        }
    }

    private static async Task<HashSet<double>> StoredValuesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.\"Value\" FROM samples s JOIN series r ON r.\"Id\" = s.\"SeriesId\" WHERE r.\"MetricKey\" = 'mn.crash'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new HashSet<double>();
        while (await reader.ReadAsync()) values.Add(reader.GetDouble(0));
        return values;
    }
}
