using Cronos;

namespace MonitorHub.Core.BatchJobs;

/// <summary>
/// When a batch job is expected to succeed: a cron expression (five fields, UTC) or every N minutes,
/// plus the grace period a run may be late before it counts as missing. Neither set means the job
/// has no expectation, so no dead man's switch.
/// </summary>
public sealed record JobSchedule(string? Cron, int? EveryMinutes, int GraceMinutes)
{
    public static readonly JobSchedule None = new(null, null, 0);

    public bool IsSet => Cron is not null || EveryMinutes is not null;

    /// <summary>The first expected run strictly after <paramref name="after"/>; null without a schedule
    /// (or for a cron expression that never fires again, like 30 February).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        if (EveryMinutes is { } minutes) return after.AddMinutes(minutes);
        if (Cron is null || !TryParse(Cron, out var expression)) return null;
        return expression.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>Whether <paramref name="cron"/> is a standard five-field expression (or a macro like <c>@daily</c>).</summary>
    public static bool TryParse(string cron, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronExpression? expression) =>
        CronExpression.TryParse(cron, CronFormat.Standard, out expression);
}

/// <summary>A batch job's definition: what the team expects of it and the pipeline component it belongs to.</summary>
public sealed record BatchJob
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string? Cron { get; init; }
    public int? EveryMinutes { get; init; }
    public int GraceMinutes { get; init; } = 10;
    public int? ComponentId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public JobSchedule Schedule => new(Cron, EveryMinutes, GraceMinutes);
}

public enum JobRunStatus
{
    /// <summary>Reported started and not (yet) finished.</summary>
    Started,
    Succeeded,
    Failed,
}

/// <summary>What a job reports about one run (the body of <c>POST /api/v1/jobs/{name}/runs</c>).</summary>
public sealed record JobRunReport(string? Status, double? RowsIn, double? RowsOut, double? DurationSeconds, string? Message, string? RunId);

/// <summary>One stored run of a job.</summary>
public sealed record JobRun(
    long Id, string Job, string? RunId, JobRunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    double? DurationSeconds, double? RowsIn, double? RowsOut, string Message);

/// <summary>The badge a job shows: on schedule, overdue (no success within schedule + grace), or its last run failed.</summary>
public enum JobState
{
    Ok,
    Late,
    Failing,
}
