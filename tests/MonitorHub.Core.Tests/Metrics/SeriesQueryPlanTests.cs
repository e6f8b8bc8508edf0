using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class SeriesQueryPlanTests
{
    private static readonly DateTimeOffset To = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = To.AddDays(-7);

    private static SeriesQueryPlan Plan(TimeSpan range, long? step = null) =>
        SeriesQueryPlan.Create(To - range, To, step, Cutoff, out _)!;

    [Theory]
    [InlineData(15, 2)]
    [InlineData(60, 10)]
    [InlineData(360, 60)]
    [InlineData(1440, 300)]
    [InlineData(10080, 3600)]
    public void DefaultStep_GivesAtMostFiveHundredPoints(int minutes, long expectedStep)
    {
        var plan = Plan(TimeSpan.FromMinutes(minutes));
        Assert.Equal(expectedStep, plan.StepSeconds);
        Assert.True(minutes * 60.0 / plan.StepSeconds <= SeriesQueryPlan.DefaultTargetPoints);
    }

    [Fact]
    public void TooFineStep_IsWidenedToAtMostTwoThousandPoints()
    {
        var plan = Plan(TimeSpan.FromDays(30), step: 1);
        Assert.True(TimeSpan.FromDays(30).TotalSeconds / plan.StepSeconds <= SeriesQueryPlan.MaxPoints);
        Assert.Equal(0, plan.StepSeconds % 60);
    }

    [Fact]
    public void ShortRanges_ReadRaw_LongRangesReadRollups()
    {
        Assert.False(Plan(TimeSpan.FromHours(6)).UseRollups);
        Assert.True(Plan(TimeSpan.FromHours(7)).UseRollups);
    }

    [Fact]
    public void RangeStartingBeforeRawRetention_ReadsRollups_InWholeMinutes()
    {
        var plan = SeriesQueryPlan.Create(Cutoff.AddMinutes(-30), Cutoff.AddMinutes(10), 15, Cutoff, out _)!;
        Assert.True(plan.UseRollups);
        Assert.Equal(60, plan.StepSeconds);
    }

    [Fact]
    public void RollupMinutes_ExcludeRaggedEdges()
    {
        var from = new DateTimeOffset(2026, 11, 25, 0, 0, 30, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 11, 26, 0, 5, 15, TimeSpan.Zero);
        var plan = SeriesQueryPlan.Create(from, to, 60, Cutoff, out _)!;
        Assert.Equal(from.ToUnixTimeMilliseconds() / 60_000 + 1, plan.FirstFullMinute);
        Assert.Equal(to.ToUnixTimeMilliseconds() / 60_000, plan.EndFullMinute);
    }

    [Theory]
    [InlineData(0, null, "to")]
    [InlineData(-60, null, "to")]
    [InlineData(3600, 0L, "step")]
    [InlineData(3600, -5L, "step")]
    [InlineData(401 * 86400, null, "from")]
    public void InvalidRequests_NameTheParameter(int rangeSeconds, long? step, string field)
    {
        var plan = SeriesQueryPlan.Create(To.AddSeconds(-rangeSeconds), To, step, Cutoff, out var issue);
        Assert.Null(plan);
        Assert.Equal(field, issue!.Field);
    }

    [Fact]
    public void Buckets_AreAlignedToTheEpoch()
    {
        var plan = Plan(TimeSpan.FromHours(1), step: 300);
        var t = new DateTimeOffset(2026, 11, 26, 9, 7, 42, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 5, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), plan.BucketOf(t));
    }

    [Fact]
    public void Covering_SpansTheTouchedBuckets_WithTheSameStepAndMode()
    {
        var plan = Plan(TimeSpan.FromHours(1), step: 10);
        var at = (int minute, int second) => new DateTimeOffset(2026, 11, 26, 9, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var dirty = plan.Covering([at(30, 17), at(30, 2), at(31, 5)], windowStartMs: at(0, 0))!;

        Assert.Equal(at(30, 0), dirty.FromMs);
        Assert.Equal(at(31, 10), dirty.ToMs);
        Assert.Equal(plan.StepSeconds, dirty.StepSeconds);
        Assert.Equal(plan.UseRollups, dirty.UseRollups);
    }

    [Fact]
    public void Covering_IgnoresBucketsBeforeTheWindow_AndIsNullWhenNothingIsLeft()
    {
        var plan = Plan(TimeSpan.FromHours(1), step: 10);
        var at = (int minute, int second) => new DateTimeOffset(2026, 11, 26, 9, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds();

        Assert.Equal(at(40, 0), plan.Covering([at(10, 0), at(40, 3)], windowStartMs: at(20, 0))!.FromMs);
        Assert.Null(plan.Covering([at(10, 0)], windowStartMs: at(20, 0)));
        Assert.Null(plan.Covering([], windowStartMs: at(20, 0)));
    }
}
