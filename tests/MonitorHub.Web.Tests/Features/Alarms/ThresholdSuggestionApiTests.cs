using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.Alarms;

/// <summary>Threshold suggestions learned from a rule's history, each with its backtest.</summary>
public sealed class ThresholdSuggestionApiTests : AdminApiTests
{
    [Fact]
    public async Task Suggestions_ComeWithTheirBacktestCounts()
    {
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(-6);
        // A steady ~200 ms with small wobble and one 10-minute spike to 900 ms.
        var samples = Enumerable.Range(0, 360).Select(i => (object)new
        {
            metric = "sg.latency_ms", value = i is >= 120 and < 130 ? 900 : 200 + (i % 7), timestamp = start.AddMinutes(i).AddSeconds(30),
        }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostSamplesAsync(samples)).StatusCode);

        var response = await Admin.PostAsJsonAsync("/api/v1/rules/suggest", new
        {
            rule = new { metric = "sg.latency_ms", aggregation = "max", windowSeconds = 60, @operator = ">", threshold = 100 },
            days = 1,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.InRange(body.GetProperty("samples").GetInt32(), 350, 362);
        Assert.Equal(1, body.GetProperty("currentCount").GetInt32());
        var suggestions = body.GetProperty("suggestions").EnumerateArray().ToDictionary(s => s.GetProperty("method").GetString()!);
        Assert.Equal(["percentile", "meanSigma", "medianMad", "hourOfWeek"], suggestions.Keys);
        var mad = suggestions["medianMad"];
        Assert.InRange(mad.GetProperty("threshold").GetDouble(), 206, 260);
        Assert.Equal(1, mad.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "rule")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"days":60}""", "days")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"k":-1}""", "k")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"percentile":100}""", "percentile")]
    public async Task BadSuggestRequest_Is400NamingTheField(string json, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/rules/suggest", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }
}
