using System.Net;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.Metrics;

/// <summary><c>top=N</c> on the series query: the N series ranked highest by an aggregate over the range.</summary>
public sealed class SeriesTopApiTests : AdminApiTests
{
    private static readonly DateTimeOffset End = DateTimeOffset.UtcNow.AddMinutes(-5);

    /// <summary>Twelve hosts over two hours: host i's values sit around 10·i, and host i sends 24 − i samples,
    /// so the ranking by mean is the reverse of the ranking by count.</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var samples = new List<object>();
        for (var host = 0; host < 12; host++)
        {
            for (var i = 0; i < 24 - host; i++)
            {
                samples.Add(new { metric = "api.top_ms", value = 10 * host + i % 3, timestamp = End.AddHours(-2).AddMinutes(5 * i), tags = new { host = $"h{host:D2}" } });
            }
        }

        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostSamplesAsync([.. samples])).StatusCode);
    }

    private async Task<JsonElement> SeriesAsync(string query)
    {
        var response = await Admin.GetAsync($"/api/v1/metrics/api.top_ms/series?from={End.AddHours(-3).UtcDateTime:O}&to={End.UtcDateTime:O}&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static List<string> Hosts(JsonElement body) =>
        [.. body.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("tags").GetProperty("host").GetString()!)];

    [Fact]
    public async Task Top_AnswersTheHighestSeriesByTheChartsAggregate_HighestFirst()
    {
        var body = await SeriesAsync("agg=mean&top=3");

        Assert.Equal(["h11", "h10", "h09"], Hosts(body));
        Assert.Equal(12, body.GetProperty("totalSeries").GetInt32());
        Assert.Equal(3, body.GetProperty("top").GetInt32());
        Assert.Equal("mean", body.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Top_RanksByTheGivenAggregate_AndKeepsTheChartsAggregateForThePoints()
    {
        var body = await SeriesAsync("agg=max&top=2&by=count&step=86400");

        Assert.Equal(["h00", "h01"], Hosts(body));
        var maxima = body.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("points").EnumerateArray().Max(p => p.GetProperty("v").GetDouble())).ToList();
        Assert.Equal([2.0, 12.0], maxima);
    }

    [Fact]
    public async Task WithoutTop_EverySeriesIsAnswered_InTagOrder()
    {
        var body = await SeriesAsync("agg=mean");

        Assert.Equal([.. Enumerable.Range(0, 12).Select(h => $"h{h:D2}")], Hosts(body));
        Assert.Equal(12, body.GetProperty("totalSeries").GetInt32());
    }

    [Theory]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("top=-3", "top")]
    [InlineData("by=p95", "top")]
    [InlineData("top=5&by=median", "by")]
    public async Task BadTop_Is400NamingTheParameter(string query, string field)
    {
        var response = await Admin.GetAsync($"/api/v1/metrics/api.top_ms/series?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTopAndBy()
    {
        var document = await (await Admin.GetAsync("/openapi/v1.json")).JsonAsync();

        var parameters = document.GetProperty("paths").GetProperty("/api/v1/metrics/{key}/series").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("description", out var d) ? d.GetString() : null);
        Assert.Contains("ranked highest", parameters["top"]);
        Assert.Contains("ranks series", parameters["by"]);
    }
}
