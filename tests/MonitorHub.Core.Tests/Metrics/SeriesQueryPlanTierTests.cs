using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

/// <summary>Which tier the planner reads each piece of a range from.</summary>
public sealed class SeriesQueryPlanTierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now.AddDays(-7);

    private static DateTimeOffset At(int day, int hour, int minute, int second) => new(2026, 11, day, hour, minute, second, TimeSpan.Zero);

    private static SeriesQueryPlan Plan(DateTimeOffset from, DateTimeOffset to, long? step) => SeriesQueryPlan.Create(from, to, step, Cutoff, out _)!;

    [Fact]
    public void HourStep_ReadsWholeHoursFromTheHourTier_AndTheRaggedEdgesFromFiveMinutesMinutesAndRaw()
    {
        var from = At(23, 10, 7, 30);
        var to = At(25, 14, 45, 20);

        var segments = Plan(from, to, 3600).Segments();

        long Minute(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 60_000;
        long FiveMinute(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 300_000;
        long Hour(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 3_600_000;
        Assert.Equal(
            [
                new PlanSegment(StorageTier.Raw, from.ToUnixTimeMilliseconds(), At(23, 10, 8, 0).ToUnixTimeMilliseconds()),
                new PlanSegment(StorageTier.Minute, Minute(At(23, 10, 8, 0)), Minute(At(23, 10, 10, 0))),
                new PlanSegment(StorageTier.FiveMinute, FiveMinute(At(23, 10, 10, 0)), FiveMinute(At(23, 11, 0, 0))),
                new PlanSegment(StorageTier.Hour, Hour(At(23, 11, 0, 0)), Hour(At(25, 14, 0, 0))),
                new PlanSegment(StorageTier.FiveMinute, FiveMinute(At(25, 14, 0, 0)), FiveMinute(At(25, 14, 45, 0))),
                new PlanSegment(StorageTier.Raw, At(25, 14, 45, 0).ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()),
            ],
            segments);
    }

    [Fact]
    public void AlignedRange_IsReadFromHoursAlone()
    {
        var segments = Plan(At(20, 0, 0, 0), At(25, 0, 0, 0), 7200).Segments();

        Assert.Equal(StorageTier.Hour, Assert.Single(segments).Tier);
    }

    [Theory]
    [InlineData(1800)]
    [InlineData(5400)]
    [InlineData(600)]
    public void StepThatIsNotWholeHours_NeverReadsTheHourTier_ButWholeFiveMinutesFromTheirs(long step)
    {
        var plan = Plan(At(19, 3, 7, 0), At(25, 9, 0, 1), step);

        Assert.True(plan.UseRollups);
        Assert.False(plan.UseHours);
        Assert.Equal(StorageTier.FiveMinute, plan.CoarsestTier);
        Assert.DoesNotContain(plan.Segments(), s => s.Tier == StorageTier.Hour);
        // From 03:07:00 (no raw edge) to 09:00:01 (no minute edge).
        Assert.Equal([StorageTier.Minute, StorageTier.FiveMinute, StorageTier.Raw], plan.Segments().Select(s => s.Tier));
    }

    [Theory]
    [InlineData(420)]
    [InlineData(480)]
    public void StepThatIsNotWholeFiveMinutes_ReadsMinutesOnly(long step)
    {
        var plan = Plan(At(19, 3, 7, 0), At(25, 9, 0, 1), step);

        Assert.Equal(StorageTier.Minute, plan.CoarsestTier);
        Assert.Equal([StorageTier.Minute, StorageTier.Raw], plan.Segments().Select(s => s.Tier));
    }

    [Fact]
    public void DefaultStep_OfADay_IsFiveMinutes_ReadFromTheFiveMinuteTier()
    {
        var plan = Plan(Now.AddDays(-1), Now, null);

        Assert.Equal(300, plan.StepSeconds);
        Assert.Equal(StorageTier.FiveMinute, plan.CoarsestTier);
        Assert.Equal([StorageTier.FiveMinute], plan.Segments().Select(s => s.Tier));
    }

    [Fact]
    public void RawRange_IsOneRawPiece_EvenWithAnHourStep()
    {
        var plan = Plan(Now.AddHours(-5), Now, 3600);

        Assert.False(plan.UseHours);
        Assert.Equal([new PlanSegment(StorageTier.Raw, plan.FromMs, plan.ToMs)], plan.Segments());
    }

    [Fact]
    public void RangeWithoutAWholeHour_ReadsFiveMinutesAndMinutesAfterItsRawEdge()
    {
        // Before raw retention, so rollups are read although the range is short.
        var plan = Plan(Cutoff.AddMinutes(-50).AddSeconds(5), Cutoff.AddMinutes(-5), 3600);

        Assert.True(plan.UseHours);
        // 09:10:05 to 09:55:00: raw to 09:11, minutes to 09:15, then whole five minutes.
        Assert.Equal([StorageTier.Raw, StorageTier.Minute, StorageTier.FiveMinute], plan.Segments().Select(s => s.Tier));
    }

    [Fact]
    public void DefaultStep_OfAWeek_IsWholeHours_ButARequestedHalfHourIsHonoured()
    {
        Assert.True(Plan(Now.AddDays(-7), Now, null).UseHours);
        Assert.Equal(1800, Plan(Now.AddDays(-7), Now, 1800).StepSeconds);
    }

    [Theory]
    [InlineData(0, 3600)]
    [InlineData(1, 7200)]
    [InlineData(2, 86400)]
    [InlineData(3, 3600)]
    [InlineData(4, 300)]
    [InlineData(5, 600)]
    [InlineData(6, 120)]
    public void Segments_CoverTheRangeExactly_WithoutOverlap(int seed, long step)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var from = Now.AddDays(-30).AddMilliseconds(random.NextInt64(0, 20L * 86_400_000));
            var to = from.AddMilliseconds(random.NextInt64(1, 9L * 86_400_000));
            var plan = SeriesQueryPlan.Create(from, to, step, Cutoff, out _);
            if (plan is null) continue;

            var cursor = plan.FromMs;
            foreach (var segment in plan.Segments())
            {
                var unit = segment.Tier == StorageTier.Raw ? 1L : segment.Tier.MinutesPerPeriod() * 60_000;
                Assert.Equal(cursor, segment.From * unit);
                Assert.True(segment.To > segment.From);
                cursor = segment.To * unit;
            }

            Assert.Equal(plan.ToMs, cursor);
        }
    }

    [Fact]
    public void GivenLongestRange_IsAllowed_AndOneDayMoreIsRefusedNamingFrom()
    {
        var longest = TimeSpan.FromDays(800);

        var allowed = SeriesQueryPlan.Create(Now - longest, Now, null, Cutoff, out var none, longest);
        var refused = SeriesQueryPlan.Create(Now - longest - TimeSpan.FromDays(1), Now, null, Cutoff, out var issue, longest);

        Assert.NotNull(allowed);
        Assert.Null(none);
        Assert.True(allowed.UseHours);
        Assert.Null(refused);
        Assert.Equal("from", issue!.Field);
        Assert.Contains("800 days", issue.Reason);
    }

    [Fact]
    public void RangeStartingPastTheMinuteRetention_GetsAWholeNumberOfHoursAsItsStep()
    {
        var minuteCutoff = Now.AddDays(-400);

        var old = SeriesQueryPlan.Create(Now.AddDays(-500), Now, 25_000, Cutoff, out _, TimeSpan.FromDays(800), minuteCutoff)!;
        var recent = SeriesQueryPlan.Create(Now.AddDays(-300), Now, 25_000, Cutoff, out _, TimeSpan.FromDays(800), minuteCutoff)!;

        Assert.Equal(25_200, old.StepSeconds);
        Assert.True(old.UseHours);
        Assert.Equal(25_020, recent.StepSeconds);
    }

    [Fact]
    public void RangeStartingPastTheMinuteRetention_ButInsideTheFiveMinuteRetention_GetsWholeFiveMinutesAsItsStep()
    {
        var minuteCutoff = Now.AddDays(-100);
        var fiveMinuteCutoff = Now.AddDays(-200);

        var inside = SeriesQueryPlan.Create(Now.AddDays(-150), Now, 7_000, Cutoff, out _, TimeSpan.FromDays(800), minuteCutoff, fiveMinuteCutoff)!;
        var past = SeriesQueryPlan.Create(Now.AddDays(-250), Now, 11_000, Cutoff, out _, TimeSpan.FromDays(800), minuteCutoff, fiveMinuteCutoff)!;

        Assert.Equal(7_200, inside.StepSeconds);
        Assert.Equal(StorageTier.Hour, inside.CoarsestTier);
        var fine = SeriesQueryPlan.Create(Now.AddDays(-150), Now, 6_700, Cutoff, out _, TimeSpan.FromDays(800), minuteCutoff, fiveMinuteCutoff)!;
        Assert.Equal(6_900, fine.StepSeconds);
        Assert.Equal(StorageTier.FiveMinute, fine.CoarsestTier);
        Assert.Equal(14_400, past.StepSeconds);
    }
}
