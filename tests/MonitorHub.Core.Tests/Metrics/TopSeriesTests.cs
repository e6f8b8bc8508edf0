using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class TopSeriesTests
{
    [Fact]
    public void Pick_TakesTheHighestFirst_TiesInGivenOrder_AndLeavesOutSeriesWithoutAValue()
    {
        var top = new TopSeries(3, Aggregation.Mean);

        var picked = top.Pick([5, null, 9, 5, double.NaN, 7]);

        Assert.Equal([2, 5, 0], picked);
    }

    [Fact]
    public void Pick_OfFewerSeriesThanAskedFor_AnswersEveryOneWithAValue()
    {
        Assert.Equal([1, 0], new TopSeries(10, Aggregation.Count).Pick([1, 2, null]));
    }

    [Theory]
    [InlineData("5", null, 5, Aggregation.P95)]
    [InlineData("1", "count", 1, Aggregation.Count)]
    [InlineData("1000", "MAX", 1000, Aggregation.Max)]
    public void Parse_ReadsTopAndBy_ByDefaultingToTheChartsAggregation(string top, string? by, int count, Aggregation ranking)
    {
        var issues = new List<ValidationIssue>();

        Assert.Equal(new TopSeries(count, ranking), TopSeries.Parse(top, by, Aggregation.P95, issues));
        Assert.Empty(issues);
    }

    [Theory]
    [InlineData("0", null, "top")]
    [InlineData("1001", null, "top")]
    [InlineData("+5", null, "top")]
    [InlineData("2.5", null, "top")]
    [InlineData(null, "mean", "top")]
    [InlineData("5", "median", "by")]
    public void Parse_NamesTheBadParameter(string? top, string? by, string field)
    {
        var issues = new List<ValidationIssue>();

        Assert.Null(TopSeries.Parse(top, by, Aggregation.Mean, issues));
        Assert.Equal(field, Assert.Single(issues).Field);
    }

    [Fact]
    public void Parse_WithoutTopOrBy_IsNoRanking()
    {
        var issues = new List<ValidationIssue>();
        Assert.Null(TopSeries.Parse(null, null, Aggregation.Mean, issues));
        Assert.Empty(issues);
    }
}
