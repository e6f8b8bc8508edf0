using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>The OTLP receiver's limits, each with an app configured for it.</summary>
public sealed class OtlpLimitsTests
{
    private static string Now => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);

    private static byte[] Gauges(string metric, int series)
    {
        var points = string.Join(",", Enumerable.Range(0, series).Select(i =>
            "{\"asDouble\":" + i + ",\"timeUnixNano\":\"" + Now + "\",\"attributes\":[{\"key\":\"s\",\"value\":{\"stringValue\":\"" + i + "\"}}]}"));
        return Encoding.UTF8.GetBytes("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"" + metric + "\",\"gauge\":{\"dataPoints\":[" + points + "]}}]}]}]}");
    }

    [Fact]
    public async Task BodyOverTheCapAfterDecompression_Is413_AndNothingStored()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Otlp:MaxBodyBytes"] = "65536" });
        var client = factory.CreateAdminClient();
        var json = Encoding.UTF8.GetString(Gauges("big.inflated", 1)).TrimEnd('}') + new string(' ', 100_000) + "}";
        var compressed = OtlpApiTests.Gzip(Encoding.UTF8.GetBytes(json));
        Assert.True(compressed.Length < 65536);

        var response = await OtlpApiTests.PostAsync(client, compressed, "application/json", "gzip");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await client.ValuesAsync("big.inflated", "count"));
    }

    [Fact]
    public async Task ExportPastTheSeriesLimit_IsRejectedWhole_InPartialSuccess()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Limits:MaxSeriesPerMetric"] = "2" });
        var client = factory.CreateAdminClient();

        var response = await OtlpApiTests.PostAsync(client, Gauges("limited.m", 3), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = (await response.JsonAsync()).GetProperty("partialSuccess");
        Assert.Equal("3", partial.GetProperty("rejectedDataPoints").GetString());
        Assert.Contains("MaxSeriesPerMetric", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.ValuesAsync("limited.m", "count"));
    }

    [Fact]
    public async Task FullQueue_Is429WithRetryAfter()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Ingestion:QueueCapacity"] = "1" });
        var client = factory.CreateAdminClient();
        await client.GetAsync("/healthz");

        Task<HttpResponseMessage> queued;
        HttpResponseMessage rejected;
        using (factory.Writer.Pause())
        {
            queued = OtlpApiTests.PostAsync(client, Gauges("busy.m", 1), "application/json");
            await WaitUntil(() => factory.Writer.QueueDepth == 1);
            rejected = await OtlpApiTests.PostAsync(client, Gauges("busy.m", 1), "application/json");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [Theory]
    [InlineData("MonitorHub:Otlp:MaxBodyBytes", "10", "MaxBodyBytes")]
    [InlineData("MonitorHub:Otlp:ResourceAttributes:0", " ", "ResourceAttributes")]
    public async Task InvalidOtlpOption_StopsTheStart(string key, string value, string named)
    {
        await using var factory = new MonitorHubFactory(new() { [key] = value });
        var error = Record.Exception(() => factory.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value);
        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredResourceAttributes_ReplaceTheDefaults()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Otlp:ResourceAttributes:0"] = "k8s.namespace.name" });
        var client = factory.CreateAdminClient();
        var body = $$$"""{"resourceMetrics":[{"resource":{"attributes":[{"key":"k8s.namespace.name","value":{"stringValue":"ml"}},{"key":"service.name","value":{"stringValue":"x"}}]},"scopeMetrics":[{"metrics":[{"name":"res.m","gauge":{"dataPoints":[{"asDouble":1,"timeUnixNano":"{{{Now}}}"}]}}]}]}]}""";

        Assert.Equal(HttpStatusCode.OK, (await OtlpApiTests.PostAsync(client, Encoding.UTF8.GetBytes(body), "application/json")).StatusCode);

        var tags = Assert.Single(await client.TagSetsAsync("res.m"));
        Assert.Equal(new Dictionary<string, string> { ["k8s.namespace.name"] = "ml" }, tags);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Polls a condition owned by another thread; bounded so a regression fails instead of hanging.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.True(condition());
    }
}
