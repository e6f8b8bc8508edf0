using System.Net;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class IngestionApiTests : AdminApiTests
{
    [Fact]
    public async Task ValidBatch_IsAccepted_AfterCommit_AndQueryable()
    {
        var now = DateTimeOffset.UtcNow;
        var response = await Admin.PostSamplesAsync(
            new { metric = "asr.latency_ms", value = 212.5, timestamp = now.AddSeconds(-5), tags = new { model_version = "v7" } },
            new { metric = "asr.latency_ms", value = 230.0 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(2, await Admin.CountAsync("asr.latency_ms"));
    }

    public static TheoryData<string, string> BadSamples => new()
    {
        { """{"metric":"Bad Key","value":1}""", "metric" },
        { """{"metric":"ok.metric","value":"NaN"}""", "value" },
        { """{"metric":"ok.metric"}""", "value" },
        { """{"metric":"ok.metric","value":1,"timestamp":"not-a-time"}""", "timestamp" },
        { """{"metric":"ok.metric","value":1,"tags":{"k":5}}""", "tags.k" },
    };

    [Theory]
    [MemberData(nameof(BadSamples))]
    public async Task BadField_Is400NamingIndexAndField_AndNothingIsStored(string bad, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/metrics", $$"""{"samples":[{"metric":"ok.metric","value":1},{{bad}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(0, await Admin.CountAsync("ok.metric"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    public async Task MalformedJson_Is400OnBody(string body)
    {
        var response = await Admin.PostRawAsync("/api/v1/metrics", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task MoreThanTenThousandSamples_Is413()
    {
        var samples = Enumerable.Range(0, IngestionLimits.MaxSamplesPerBatch + 1).Select(i => (object)new { metric = "big.batch", value = i }).ToArray();
        var response = await Admin.PostSamplesAsync(samples);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await Admin.CountAsync("big.batch"));
    }

    [Fact]
    public async Task BodyOverFourMebibytes_Is413()
    {
        var padding = new string(' ', (int)IngestionLimits.MaxBodyBytes);
        var response = await Admin.PostRawAsync("/api/v1/metrics", """{"samples":[{"metric":"big.body","value":1}]}""" + padding);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await Admin.CountAsync("big.body"));
    }

    [Fact]
    public async Task UnknownMetric_AppearsInCatalogueAsUnclassified()
    {
        await Admin.PostSamplesAsync(new { metric = "brand.new", value = 1 });
        var definition = await (await Admin.GetAsync("/api/v1/metrics/brand.new")).JsonAsync();
        Assert.True(definition.GetProperty("unclassified").GetBoolean());
        Assert.Equal("Unclassified", definition.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Healthz_ReportsDatabaseWriterAndQueue()
    {
        var response = await Admin.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("running", body.GetProperty("writer").GetString());
        Assert.Equal(0, body.GetProperty("queueDepth").GetInt32());
    }
}
