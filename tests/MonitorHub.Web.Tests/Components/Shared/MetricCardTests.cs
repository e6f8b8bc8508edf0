using Bunit;
using MonitorHub.Core.Metrics;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Tests.Components.Shared;

public sealed class MetricCardTests : ComponentTestContext
{
    private static readonly MetricDefinition Latency = new("asr.latency_ms", "Latency", MetricCategory.Software, "ms", "", null, null, "asr");

    [Fact]
    public void ShowsLatestValueWithUnit_AndLinksToTheMetricPage()
    {
        var t = new DateTimeOffset(2026, 11, 26, 9, 30, 5, TimeSpan.Zero);
        var card = Render<MetricCard>(p => p
            .Add(c => c.Definition, Latency)
            .Add(c => c.Latest, new SeriesPoint(t, 1234.56))
            .Add(c => c.Spark, [1.0, 3.0, 2.0]));

        Assert.Equal("1,235 ms", card.Find("[data-testid=card-value]").TextContent.Trim());
        Assert.Equal("/metrics/asr.latency_ms", card.Find("a").GetAttribute("href"));
        Assert.Contains("updated 09:30:05", card.Markup);
        Assert.Equal(3, card.Find("polyline").GetAttribute("points")!.Split(' ').Length);
        Assert.DoesNotContain("unclassified", card.Markup);
    }

    [Fact]
    public void WithoutData_SaysSo_AndMarksUnclassifiedKeys()
    {
        var card = Render<MetricCard>(p => p.Add(c => c.Definition, Latency with { Category = MetricCategory.Unclassified }));

        Assert.Equal("—", card.Find("[data-testid=card-value]").TextContent.Trim());
        Assert.Contains("no data yet", card.Markup);
        Assert.Contains("unclassified", card.Markup);
        Assert.Contains("no recent data", card.Markup);
    }

    [Fact]
    public void Sparkline_DrawsAFlatSeriesMidHeight()
    {
        var line = Render<Sparkline>(p => p.Add(s => s.Values, [5.0, 5.0, 5.0]).Add(s => s.Height, 40));
        var ys = line.Find("polyline").GetAttribute("points")!.Split(' ').Select(pt => pt.Split(',')[1]).Distinct();
        Assert.Equal(["20"], ys);
    }

    [Theory]
    [InlineData(0.000123, "%", "0.000123 %")]
    [InlineData(42.5, "QPS", "42.50 QPS")]
    [InlineData(-21.0, "dBFS", "-21.00 dBFS")]
    [InlineData(double.NaN, "ms", "— ms")]
    public void Values_AreFormattedReadably(double value, string unit, string expected) =>
        Assert.Equal(expected, ValueFormat.WithUnit(value, unit));
}
