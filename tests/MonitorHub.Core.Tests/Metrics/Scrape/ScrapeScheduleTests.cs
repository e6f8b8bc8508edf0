using MonitorHub.Core.Metrics.Scrape;

namespace MonitorHub.Core.Tests.Metrics.Scrape;

public sealed class ScrapeScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Five = TimeSpan.FromSeconds(5);

    [Fact]
    public void NewTarget_IsDueAtOnce_ThenEveryIntervalFromItsDueTime()
    {
        var schedule = new ScrapeSchedule();
        (int, TimeSpan, long)[] targets = [(1, Five, 1)];

        Assert.Equal([1], schedule.TakeDue(targets, T0));
        Assert.Empty(schedule.TakeDue(targets, T0.AddSeconds(4.9)));
        // Woken late (5.7 s): due, and the next due time stays on the 5-second grid (10 s), not 10.7 s.
        Assert.Equal([1], schedule.TakeDue(targets, T0.AddSeconds(5.7)));
        Assert.Equal(T0.AddSeconds(10), schedule.NextDue);
    }

    [Fact]
    public void MissedTurns_AreSkipped_NotCaughtUpInABurst()
    {
        var schedule = new ScrapeSchedule();
        (int, TimeSpan, long)[] targets = [(1, Five, 1)];
        schedule.TakeDue(targets, T0);

        Assert.Equal([1], schedule.TakeDue(targets, T0.AddSeconds(23)));
        Assert.Empty(schedule.TakeDue(targets, T0.AddSeconds(24)));
        Assert.Equal(T0.AddSeconds(25), schedule.NextDue);
    }

    [Fact]
    public void EditedTarget_IsDueAtOnce_AndRemovedTargetsAreForgotten()
    {
        var schedule = new ScrapeSchedule();
        schedule.TakeDue([(1, Five, 1), (2, Five, 1)], T0);

        Assert.Equal([1], schedule.TakeDue([(1, Five, 2)], T0.AddSeconds(1)));
        Assert.Equal(T0.AddSeconds(6), schedule.NextDue);
        Assert.Null(new ScrapeSchedule().NextDue);
    }
}
