using MonitorHub.Core.BatchJobs;

namespace MonitorHub.Core.Tests.BatchJobs;

public sealed class JobHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);
    private static readonly JobSchedule Nightly = new("0 2 * * *", null, 30);

    [Fact]
    public void NightlyCron_WithoutSuccess_IsDueAtTheNextTwoOClockPlusGrace_AndLateAfter()
    {
        // Time is a parameter: "now" is the fake clock.
        var onTime = JobHealth.Evaluate(Nightly, null, T0, null, T0);
        var late = JobHealth.Evaluate(Nightly, null, T0, null, T0.AddMinutes(150));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), onTime.NextExpected);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 30, 0, TimeSpan.Zero), onTime.DueBy);
        Assert.Equal(JobState.Ok, onTime.State);
        Assert.Equal(0, onTime.OverdueMinutes);
        Assert.Equal(JobState.Late, late.State);
        Assert.Equal(30, late.OverdueMinutes, 6);
    }

    [Fact]
    public void ASuccess_MovesTheDeadlineToTheNextOccurrenceAfterIt()
    {
        var success = new DateTimeOffset(2026, 12, 1, 2, 10, 0, TimeSpan.Zero);

        var health = JobHealth.Evaluate(Nightly, success, T0, JobRunStatus.Succeeded, success.AddHours(20));

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero), health.NextExpected);
        Assert.Equal(JobState.Ok, health.State);
    }

    [Fact]
    public void EveryNMinutes_CountsFromTheLaterOfLastSuccessAndScheduleSet()
    {
        var schedule = new JobSchedule(null, 60, 5);
        var oldSuccess = T0.AddDays(-3);

        // A schedule set today on a job that last ran three days ago is not late at once.
        var health = JobHealth.Evaluate(schedule, oldSuccess, T0, JobRunStatus.Succeeded, T0.AddMinutes(64));
        var later = JobHealth.Evaluate(schedule, oldSuccess, T0, JobRunStatus.Succeeded, T0.AddMinutes(66));

        Assert.Equal(T0.AddMinutes(65), health.DueBy);
        Assert.Equal(JobState.Ok, health.State);
        Assert.Equal(JobState.Late, later.State);
        Assert.Equal(1, later.OverdueMinutes, 6);
    }

    [Fact]
    public void FailedLastRun_IsFailing_EvenWhenOnTime()
    {
        var health = JobHealth.Evaluate(new JobSchedule(null, 60, 5), T0, T0, JobRunStatus.Failed, T0.AddMinutes(1));

        Assert.Equal(JobState.Failing, health.State);
    }

    [Fact]
    public void WithoutSchedule_ThereIsNoDeadline()
    {
        var health = JobHealth.Evaluate(JobSchedule.None, null, T0, null, T0.AddYears(1));

        Assert.Null(health.NextExpected);
        Assert.Null(health.DueBy);
        Assert.Equal(JobState.Ok, health.State);
    }
}
