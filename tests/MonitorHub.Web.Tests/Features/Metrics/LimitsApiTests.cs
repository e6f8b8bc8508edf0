using System.Net;
using Microsoft.Data.Sqlite;
using MonitorHub.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class LimitsApiTests
{
    [Fact]
    public async Task NewSeriesPastTheLimit_Is400NamingMetricAndLimit_ExistingSeriesFlow_AndTheCatalogueShowsTheCount()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Limits:MaxSeriesPerMetric"] = "2" });
        var client = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostSamplesAsync(
            new { metric = "card.m", value = 1, tags = new { host = "a" } }, new { metric = "card.m", value = 1, tags = new { host = "b" } })).StatusCode);

        var rejected = await client.PostSamplesAsync(
            new { metric = "card.m", value = 5, tags = new { host = "a" } }, new { metric = "card.m", value = 1, tags = new { host = "unique-1" } });
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var error = Assert.Single((await rejected.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("tags", error.GetProperty("field").GetString());
        Assert.Contains("'card.m'", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("MaxSeriesPerMetric (2)", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await client.CountAsync("card.m"));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostSamplesAsync(new { metric = "card.m", value = 3, tags = new { host = "b" } })).StatusCode);
        var catalogue = await (await client.GetAsync("/api/v1/metrics")).JsonAsync();
        var entry = catalogue.EnumerateArray().Single(m => m.GetProperty("key").GetString() == "card.m");
        Assert.Equal(2, entry.GetProperty("seriesCount").GetInt32());
        Assert.Equal(2, entry.GetProperty("seriesLimit").GetInt32());
    }

    [Fact]
    public async Task FullStore_Answers503WithRetryAfter_StoresNothing_AndRecovers()
    {
        // SQLite's page limit stands in for a full disk (PostgreSQL's lost server: HealthEndpointTests, PostgreSqlHostTests).
        await using var factory = new MonitorHubFactory(provider: DatabaseProvider.Sqlite);
        var client = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostSamplesAsync(new { metric = "disk.m", value = 1 })).StatusCode);
        await factory.Writer.RunAsync(s => Pragma(s, "PRAGMA max_page_count = " + Pragma(s, "PRAGMA page_count")), CancellationToken.None);

        var samples = Enumerable.Range(0, 10_000).Select(i => (object)new { metric = "disk.m", value = i, tags = new { host = "h" + (i % 50) } }).ToArray();
        var full = await client.PostSamplesAsync(samples);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal("5", full.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await client.CountAsync("disk.m"));

        await factory.Writer.RunAsync(s => Pragma(s, "PRAGMA max_page_count = 1073741823"), CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostSamplesAsync(samples)).StatusCode);
        Assert.Equal(10_001, await client.CountAsync("disk.m"));
    }

    [Theory]
    [InlineData("MonitorHub:Bootstrap:AdminToken", "abc", "AdminToken")]
    [InlineData("MonitorHub:Retention:RawDays", "0", "RawDays")]
    [InlineData("MonitorHub:Limits:MaxSeriesPerMetric", "0", "MaxSeriesPerMetric")]
    [InlineData("MonitorHub:Ingestion:QueueCapacity", "0", "QueueCapacity")]
    public async Task InvalidNestedOption_StopsTheStart_WithAClearMessage(string key, string value, string named)
    {
        await using var factory = new MonitorHubFactory(new() { [key] = value });
        var error = Record.Exception(() => factory.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value);
        var validation = Assert.Single(ExceptionChain.Flatten(error), e => e is OptionsValidationException);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    private static long Pragma(SqlSession session, string sql)
    {
        using var command = session.Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
