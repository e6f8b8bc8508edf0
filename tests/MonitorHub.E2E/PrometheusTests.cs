using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.E2E;

/// <summary>
/// MonitorHub next to a real Prometheus (Debian's <c>prometheus</c> and <c>prometheus-node-exporter</c>,
/// which tests/run.sh installs). Each test starts what it needs on free loopback ports with throwaway
/// data folders and kills it afterwards; nothing is started globally.
/// </summary>
public sealed class PrometheusTests : IAsyncLifetime
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private const string NodeExporterBinary = "/usr/bin/prometheus-node-exporter";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    private readonly AppServer _app = new([], withBrowser: false);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitorhub-prometheus", Guid.NewGuid().ToString("N"));
    private readonly List<ExternalProcess> _processes = [];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) process.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Prometheus_ScrapesMonitorHubsOwnMetrics_WithAReadKey()
    {
        Assert.SkipUnless(File.Exists(PrometheusBinary), $"{PrometheusBinary} is not installed (tests/run.sh installs Debian's prometheus).");
        var key = await CreateKeyAsync("read");
        var prometheus = StartPrometheus(key, remoteWriteKey: null);

        // Samples pushed to MonitorHub show up in its own counters, and Prometheus stores them.
        Assert.True((await _app.Http.PostAsJsonAsync("/api/v1/metrics", new { samples = new[] { new { metric = "prom.e2e", value = 1.0 } } })).IsSuccessStatusCode);
        var result = await prometheus.Process.EventuallyAsync(
            () => QueryAsync(prometheus.Port, "monitorhub_ingestion_samples_total{outcome=\"accepted\"} >= 1"), Patience, "MonitorHub's counters in Prometheus");

        Assert.Equal("monitorhub", result[0].GetProperty("metric").GetProperty("job").GetString());
        var up = await QueryAsync(prometheus.Port, "up{job=\"monitorhub\"}");
        Assert.Equal("1", up![0].GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task RemoteWrite_FromPrometheus_ArrivesInMonitorHub()
    {
        Assert.SkipUnless(File.Exists(PrometheusBinary), $"{PrometheusBinary} is not installed (tests/run.sh installs Debian's prometheus).");
        var read = await CreateKeyAsync("read");
        var ingest = await CreateKeyAsync("ingest");
        var prometheus = StartPrometheus(read, ingest);

        // Prometheus remote-writes what it scrapes, its own prometheus_* metrics among them.
        var keys = await prometheus.Process.EventuallyAsync(async () =>
        {
            var metrics = await _app.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics");
            var names = metrics.EnumerateArray().Select(m => m.GetProperty("key").GetString()!).Where(k => k.StartsWith("prometheus_", StringComparison.Ordinal)).ToList();
            return names.Count > 0 ? names : null;
        }, Patience, "prometheus_* metrics written to MonitorHub");

        Assert.Contains(keys, k => k.StartsWith("prometheus_tsdb_", StringComparison.Ordinal) || k.StartsWith("prometheus_http_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScrapeTarget_PullsNodeExporter_IntoSeries_AndShowsItUp()
    {
        Assert.SkipUnless(File.Exists(NodeExporterBinary), $"{NodeExporterBinary} is not installed (tests/run.sh installs Debian's prometheus-node-exporter).");
        var port = ExternalProcess.FreePort();
        // Only a few collectors: the test needs a gauge and a counter, not the whole machine.
        var exporter = Start(NodeExporterBinary, $"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults",
            "--collector.loadavg", "--collector.cpu", "--collector.meminfo");
        var created = await _app.Http.PostAsJsonAsync("/api/v1/scrape-targets", new
        {
            name = "node", url = $"http://127.0.0.1:{port}/metrics", intervalSeconds = 5, timeoutSeconds = 4,
            allowlist = new[] { "node_load1", "node_cpu_seconds_total", "node_memory_*" }, extraTags = new { host = "e2e" },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Two scrapes: the first stores gauges and primes the counters, the second stores increments.
        var target = await exporter.EventuallyAsync(async () =>
        {
            var t = await _app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/scrape-targets/{id}");
            return t.GetProperty("health").GetString() == "up" && await HasSeriesAsync("node_cpu_seconds_total") ? new[] { t } : null;
        }, TimeSpan.FromSeconds(20), "two scrapes of node-exporter");

        Assert.True(target[0].GetProperty("lastSamples").GetInt32() > 0);
        Assert.True(await HasSeriesAsync("node_load1"));
        Assert.True(await HasSeriesAsync("scrape.up"));
        var catalogue = await _app.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics");
        Assert.DoesNotContain(catalogue.EnumerateArray(), m => m.GetProperty("key").GetString()!.StartsWith("node_network", StringComparison.Ordinal));
    }

    private async Task<bool> HasSeriesAsync(string metric)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var response = await _app.Http.GetAsync($"/api/v1/metrics/{metric}/series?agg=count&from={to.AddMinutes(-10):O}&to={to:O}".Replace("+", "%2B", StringComparison.Ordinal));
        if (!response.IsSuccessStatusCode) return false;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("series").EnumerateArray().Any(s => s.GetProperty("points").GetArrayLength() > 0);
    }

    private async Task<string> CreateKeyAsync(string scope)
    {
        var response = await _app.Http.PostAsJsonAsync("/api/v1/keys", new { name = "prometheus " + scope, scopes = new[] { scope } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    /// <summary>Prometheus scraping MonitorHub's /metrics every second with a key, and remote-writing
    /// to MonitorHub when <paramref name="remoteWriteKey"/> is given.</summary>
    private (ExternalProcess Process, int Port) StartPrometheus(string scrapeKey, string? remoteWriteKey)
    {
        var port = ExternalProcess.FreePort();
        var monitorHub = $"{_app.BaseAddress.Host}:{_app.BaseAddress.Port}";
        var config = $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: monitorhub
                metrics_path: /metrics
                authorization:
                  credentials: "{scrapeKey}"
                static_configs:
                  - targets: ["{monitorHub}"]
              - job_name: prometheus
                static_configs:
                  - targets: ["127.0.0.1:{port}"]
            """;
        if (remoteWriteKey is not null)
        {
            config += $"""

                remote_write:
                  - url: "{_app.BaseAddress}api/v1/write"
                    authorization:
                      credentials: "{remoteWriteKey}"
                    queue_config:
                      batch_send_deadline: 1s
                """;
        }

        var configFile = Path.Combine(_directory, $"prometheus-{port}.yml");
        File.WriteAllText(configFile, config);
        var process = Start(PrometheusBinary, $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(_directory, $"data-{port}")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn");
        return (process, port);
    }

    private ExternalProcess Start(string file, params string[] arguments)
    {
        var process = ExternalProcess.Start(file, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>The result vector of an instant query, or null while it is empty (or Prometheus is starting).</summary>
    private static async Task<List<JsonElement>?> QueryAsync(int port, string query)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}");
            var result = body.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
            return result.Count > 0 ? result : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
