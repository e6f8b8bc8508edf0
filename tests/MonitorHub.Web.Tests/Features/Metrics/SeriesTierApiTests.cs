using System.Globalization;
using System.Net;
using System.Text.Json;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Metrics;

/// <summary>The same chart answered from the hourly, five-minute and minute tiers agrees.</summary>
public sealed class SeriesTierApiTests : AdminApiTests
{
    private static readonly DateTimeOffset End = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour - TimeSpan.TicksPerHour, TimeSpan.Zero);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var random = new Random(5);
        var samples = Enumerable.Range(0, 12 * 180)
            .Select(i => (object)new { metric = "api.latency_ms", value = Math.Round(100 + 100 * random.NextDouble(), 2), timestamp = End.AddHours(-12).AddSeconds(20 * i), tags = new { host = i % 2 == 0 ? "a" : "b" } })
            .ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostSamplesAsync(samples)).StatusCode);
    }

    private async Task<JsonElement> ChartAsync(string agg, long step, DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"/api/v1/metrics/api.latency_ms/series?agg={agg}&step={step}&from={from.UtcDateTime:O}&to={to.UtcDateTime:O}";
        var response = await Admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Theory]
    [InlineData("count")]
    [InlineData("sum")]
    [InlineData("max")]
    public async Task HourlyAndFiveMinuteCharts_AgreeWithTheSameChartFromMinutes(string agg)
    {
        var from = End.AddHours(-12).AddMinutes(7).AddSeconds(13);
        var to = End.AddMinutes(-17);

        var hourly = await ChartAsync(agg, 3600, from, to);
        var fiveMinutes = await ChartAsync(agg, 1800, from, to);
        var minutes = await ChartAsync(agg, 120, from, to);

        Assert.Equal("hourly", hourly.GetProperty("source").GetString());
        Assert.Equal("five-minute", fiveMinutes.GetProperty("source").GetString());
        Assert.Equal("rollups", minutes.GetProperty("source").GetString());
        Assert.Equal(Points(minutes, agg), Points(hourly, agg));
        Assert.Equal(Points(minutes, agg), Points(fiveMinutes, agg));
        if (agg == "count") Assert.Equal(Enumerable.Range(0, 12 * 180).Count(i => End.AddHours(-12).AddSeconds(20 * i) is var t && t >= from && t < to), Points(hourly, agg).Values.Sum());
    }

    /// <summary>Per host and hour, the chart's values folded into hours (sum, or max).</summary>
    private static Dictionary<string, double> Points(JsonElement chart, string agg) =>
        chart.GetProperty("series").EnumerateArray()
            .SelectMany(s => s.GetProperty("points").EnumerateArray().Select(p => (
                Key: s.GetProperty("tags").GetProperty("host").GetString() + "@" + p.GetProperty("t").GetDateTime().ToString("yyyy-MM-ddTHH", CultureInfo.InvariantCulture),
                V: p.GetProperty("v").GetDouble())))
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => Math.Round(agg == "max" ? g.Max(p => p.V) : g.Sum(p => p.V), 6));
}
