using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Infrastructure.Scrape;

namespace MonitorHub.Web.Tests.Features.Scrape;

/// <summary>The scraper against a fake target (an in-process handler) and a fake clock: what it
/// stores, what it records on the target, and when it runs.</summary>
public sealed class ScraperTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeTarget _target = new();
    private readonly MonitorHubFactory _root = new(new() { ["MonitorHub:Scrape:Enabled"] = "false" });
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = default!;
    private HttpClient _admin = default!;

    public ValueTask InitializeAsync()
    {
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddHttpClient(ScrapeService.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _target);
        }));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-Api-Key", MonitorHubFactory.AdminToken);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    private async Task<int> AddTargetAsync(object? extra = null)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/scrape-targets", extra ?? new
        {
            name = "model-server", url = "http://model-server.invalid/metrics", intervalSeconds = 5, timeoutSeconds = 2,
            extraTags = new { env = "test" }, bearerToken = "scrape-token-123",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    private async Task TickAsync()
    {
        var scraper = _factory.Services.GetRequiredService<Scraper>();
        await scraper.TickAsync(CancellationToken.None);
        await scraper.RunningAsync();
    }

    // Seven hours by default: longer than SeriesQueryPlan.RawRangeLimit, so the query reads the minute rollups,
    // where histogram sketches live (they store no raw samples).
    private async Task<List<(long Minute, double Value)>> PointsAsync(string metric, string agg, string tags = "", int hours = 7)
    {
        var now = _clock.GetUtcNow();
        var response = await _admin.GetAsync($"/api/v1/metrics/{metric}/series?agg={agg}&step=60&from={now.AddHours(-hours):O}&to={now.AddMinutes(5):O}{tags}".Replace("+", "%2B", StringComparison.Ordinal));
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        return [.. body.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray())
            .Select(p => (p.GetProperty("t").GetDateTime().Ticks, p.GetProperty("v").GetDouble()))];
    }

    [Fact]
    public async Task Scrape_StoresGaugesIncrementsAndSketches_SendsTheToken_AndRecordsHealth()
    {
        var id = await AddTargetAsync();
        _target.Body = Exposition(requests: 100, fast: 10, slow: 0, temperature: 40);
        await TickAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        _target.Body = Exposition(requests: 130, fast: 25, slow: 5, temperature: 42);
        await TickAsync();

        Assert.Equal("Bearer scrape-token-123", _target.Authorization);
        Assert.Equal([42.0], (await PointsAsync("gpu_temperature", "max", "&tag.env=test")).Select(p => p.Value));
        Assert.Equal([30.0], (await PointsAsync("http_requests_total", "sum")).Select(p => p.Value));
        // 15 fast and 5 slow observations merged into the sketch; a slow one sits at its bucket's
        // representative, the geometric midpoint of (0.1, 1] (ExplicitHistogram.ToSketch, as for OTLP).
        Assert.Equal([20.0], (await PointsAsync("infer_seconds", "count")).Select(p => p.Value));
        var p95 = Assert.Single(await PointsAsync("infer_seconds", "p95"));
        Assert.Equal(Math.Sqrt(0.1), p95.Value, Math.Sqrt(0.1) * 0.02);
        // A short range (read from raw samples) falls back to the sketch's minutes: the chart is not empty.
        Assert.Equal(p95.Value, Assert.Single(await PointsAsync("infer_seconds", "p95", hours: 1)).Value);
        Assert.Equal([1.0], (await PointsAsync("scrape.up", "min", "&tag.target=model-server")).Select(p => p.Value));

        var target = await (await _admin.GetAsync($"/api/v1/scrape-targets/{id}")).JsonAsync();
        Assert.Equal("up", target.GetProperty("health").GetString());
        Assert.True(target.GetProperty("lastSamples").GetInt32() > 0);
        Assert.Equal(JsonNull, target.GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task TargetWithAComponent_RegistersItsNewMetrics_InThatComponentAndItsSystem()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "VAD" }, new { name = "ASR" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var system = await created.JsonAsync();
        var systemId = system.GetProperty("id").GetInt32();
        var asr = system.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ASR").GetProperty("id").GetInt32();
        // Only the component is given: its system comes with it.
        var targetId = await AddTargetAsync(new { name = "triton", url = "http://triton.invalid/metrics", intervalSeconds = 5, timeoutSeconds = 2, componentId = asr });
        Assert.Equal(systemId, (await (await _admin.GetAsync($"/api/v1/scrape-targets/{targetId}")).JsonAsync()).GetProperty("systemId").GetInt32());
        _target.Body = "# TYPE gpu_util gauge\ngpu_util 0.5\n";

        await TickAsync();

        var definition = await (await _admin.GetAsync("/api/v1/metrics/gpu_util")).JsonAsync();
        Assert.Equal(asr, definition.GetProperty("componentId").GetInt32());
        Assert.Equal(systemId, definition.GetProperty("systemId").GetInt32());
    }

    [Fact]
    public async Task TargetThatFails_IsDown_WithTheLastError_AndUpIsZero()
    {
        var id = await AddTargetAsync();
        _target.Status = HttpStatusCode.ServiceUnavailable;

        await TickAsync();

        var target = await (await _admin.GetAsync($"/api/v1/scrape-targets/{id}")).JsonAsync();
        Assert.Equal("down", target.GetProperty("health").GetString());
        Assert.Contains("503", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal([0.0], (await PointsAsync("scrape.up", "max", "&tag.target=model-server")).Select(p => p.Value));
    }

    [Fact]
    public async Task BodyThatIsNotTheTextFormat_IsDown_NamingTheLine_AndStoresNothingOfIt()
    {
        var id = await AddTargetAsync();
        _target.Body = "good_metric 1\n<html>oops</html>\n";

        await TickAsync();

        var target = await (await _admin.GetAsync($"/api/v1/scrape-targets/{id}")).JsonAsync();
        Assert.Equal("down", target.GetProperty("health").GetString());
        Assert.Contains("line 2", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(await PointsAsync("good_metric", "count"));
    }

    [Fact]
    public async Task RealPrometheusText_IsStored()
    {
        await AddTargetAsync(new { name = "prom", url = "http://prom.invalid/metrics", intervalSeconds = 5, timeoutSeconds = 2 });
        _target.Body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Scrape", "TestData", "prometheus.txt"));

        await TickAsync();

        Assert.NotEmpty(await PointsAsync("go_goroutines", "max"));
        Assert.NotEmpty(await PointsAsync("go_gc_duration_seconds", "max", "&tag.quantile=0.5"));
    }

    [Fact]
    public async Task Schedule_ScrapesEveryInterval_NotMoreOften()
    {
        await AddTargetAsync();
        _target.Body = "g 1\n";

        await TickAsync();
        _clock.Advance(TimeSpan.FromSeconds(4));
        await TickAsync();
        Assert.Equal(1, _target.Requests);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        Assert.Equal(2, _target.Requests);
    }

    private static readonly System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private static string Exposition(int requests, int fast, int slow, double temperature) => $"""
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{"{"}code="200"{"}"} {requests}
        # TYPE gpu_temperature gauge
        gpu_temperature{"{"}gpu="0"{"}"} {temperature}
        # TYPE infer_seconds histogram
        infer_seconds_bucket{"{"}le="0.1"{"}"} {fast}
        infer_seconds_bucket{"{"}le="1"{"}"} {fast + slow}
        infer_seconds_bucket{"{"}le="+Inf"{"}"} {fast + slow}
        infer_seconds_sum {fast * 0.05 + slow * 0.55}
        infer_seconds_count {fast + slow}

        """;

    private sealed class FakeTarget : HttpMessageHandler
    {
        public string Body { get; set; } = "";
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
        public string? Authorization { get; private set; }
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(Body, System.Text.Encoding.UTF8, "text/plain") });
        }
    }
}
