using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Observability;

namespace MonitorHub.Web.Tests.Features.Ops;

public sealed class MetricsEndpointTests : AdminApiTests
{
    private async Task<HttpClient> KeyClientAsync(string scope)
    {
        var created = await (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = scope + " scraper", scopes = new[] { scope } })).JsonAsync();
        return Factory.CreateClientWith(created.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Metrics_WithAReadKey_ServeTheTextFormat_WithIngestionWriterAndAlarmSeries()
    {
        await Admin.PostSamplesAsync(new { metric = "own.metric", value = 1 }, new { metric = "own.metric", value = 2 });
        await Admin.PostRawAsync("/api/v1/metrics", """{"samples":[{"metric":"BAD KEY","value":1}]}""");
        using var reader = await KeyClientAsync("read");

        var response = await reader.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("monitorhub_ingestion_samples_total{outcome=\"accepted\",reason=\"\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_ingestion_samples_total{outcome=\"rejected\",reason=\"invalid\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_ingestion_requests_total{endpoint=\"/api/v1/metrics\",code=\"202\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_ingestion_requests_total{endpoint=\"/api/v1/metrics\",code=\"400\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_writer_queue_depth 0", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_writer_commit_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_alarms{state=\"firing\",severity=\"critical\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiringAlarm_IsCountedByStateAndSeverity_AndEvaluationIsTimed()
    {
        var rule = await CreateRuleAsync(new { name = "Hot", metric = "own.hot", threshold = 1, severity = "warning" });
        await Admin.PostSamplesAsync(new { metric = "own.hot", value = 5 });
        await Admin.PostAsync($"/api/v1/rules/{rule}/evaluate", null);
        await Factory.Services.GetRequiredService<MonitorHub.Infrastructure.Alarms.RuleEvaluationService>().RunDueAsync();

        var text = await (await Admin.GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Contains("monitorhub_alarms{state=\"firing\",severity=\"warning\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_rule_evaluation_seconds_count 1", text, StringComparison.Ordinal);
        Assert.Contains("monitorhub_rule_evaluation_lag_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Anonymous_Is401_AndAnIngestOnlyKey_Is403()
    {
        using var anonymous = Factory.CreateClientWith(null);
        using var ingest = await KeyClientAsync("ingest");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/metrics")).StatusCode);

        // An ingestion request refused by authentication is counted too.
        await anonymous.PostSamplesAsync(new { metric = "own.anonymous", value = 1 });
        var text = await (await Admin.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("monitorhub_ingestion_requests_total{endpoint=\"/api/v1/metrics\",code=\"401\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAppInstance_HasItsOwnRegistry()
    {
        await using var other = new MonitorHubFactory();
        using var otherAdmin = other.CreateAdminClient();
        await Admin.PostSamplesAsync(new { metric = "own.isolated", value = 1 });

        var mine = Factory.Services.GetRequiredService<ServiceMetrics>();
        var theirs = other.Services.GetRequiredService<ServiceMetrics>();

        Assert.NotSame(mine.Registry, theirs.Registry);
        Assert.Equal(1, mine.IngestionSamples.WithLabels("accepted", "").Value);
        Assert.Equal(0, theirs.IngestionSamples.WithLabels("accepted", "").Value);
    }
}

public sealed class MetricsAnonymousFromTests() : AdminApiTests(new() { ["MonitorHub:Metrics:AnonymousFrom:0"] = "127.0.0.0/8" })
{
    [Fact]
    public async Task ListedAddress_MayScrapeWithoutAKey()
    {
        // The test server's clients come from loopback.
        using var anonymous = Factory.CreateClientWith(null);

        var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("monitorhub_writer_queue_depth", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Only /metrics: the API still wants a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/metrics")).StatusCode);
    }

    [Fact]
    public void AnInvalidEntry_StopsStartup_NamingTheSetting()
    {
        using var bad = new MonitorHubFactory(new() { ["MonitorHub:Metrics:AnonymousFrom:0"] = "not-an-address" });

        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());

        Assert.Contains("MonitorHub:Metrics:AnonymousFrom", error.ToString(), StringComparison.Ordinal);
    }
}
