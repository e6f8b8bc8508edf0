namespace MonitorHub.Core.BatchJobs;

/// <summary>Where a job stands at an instant: when it is next expected, by when a success must arrive, and its badge.</summary>
public sealed record JobHealthView(JobState State, DateTimeOffset? NextExpected, DateTimeOffset? DueBy, double OverdueMinutes);

/// <summary>
/// The dead man's switch, as a pure function of (schedule, last success, when the schedule was set, now).
/// The clock starts at the later of the last success and the moment the schedule was set, so setting a
/// schedule on a job that last ran long ago does not fire at once: the next expected run after that
/// start, plus the grace period, is the deadline.
/// </summary>
public static class JobHealth
{
    public static JobHealthView Evaluate(JobSchedule schedule, DateTimeOffset? lastSuccess, DateTimeOffset scheduledSince, JobRunStatus? lastCompleted, DateTimeOffset now)
    {
        DateTimeOffset? next = null, due = null;
        double overdue = 0;
        if (schedule.IsSet)
        {
            var start = lastSuccess is { } success && success > scheduledSince ? success : scheduledSince;
            next = schedule.NextAfter(start);
            due = next?.AddMinutes(schedule.GraceMinutes);
            if (due is { } d && now > d) overdue = (now - d).TotalMinutes;
        }

        // A failed last run says more than lateness (which follows from it once the deadline passes).
        var state = lastCompleted == JobRunStatus.Failed ? JobState.Failing : overdue > 0 ? JobState.Late : JobState.Ok;
        return new JobHealthView(state, next, due, overdue);
    }
}
