using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.BatchJobs;

/// <summary>
/// The metrics a job's runs write, one key per job so that the ordinary catalogue, charts, threshold
/// suggestions and rules work on them unchanged.
/// </summary>
public static class JobMetricKeys
{
    public const string Prefix = "job.";

    /// <summary>Long enough for any suffix below to keep the key within <see cref="IngestionLimits.MaxMetricKeyLength"/>.</summary>
    public const int MaxNameLength = 100;

    public static string Duration(string job) => $"{Prefix}{job}.duration_seconds";

    public static string RowsIn(string job) => $"{Prefix}{job}.rows_in";

    public static string RowsOut(string job) => $"{Prefix}{job}.rows_out";

    /// <summary>1 for a failed run, 0 for a succeeded one.</summary>
    public static string Failed(string job) => $"{Prefix}{job}.failed";

    /// <summary>Minutes past the deadline (schedule + grace) without a success; 0 while on time. Written
    /// every minute for scheduled jobs by the job check.</summary>
    public static string Overdue(string job) => $"{Prefix}{job}.overdue_minutes";

    public static IReadOnlyList<string> All(string job) => [Duration(job), RowsIn(job), RowsOut(job), Failed(job), Overdue(job)];

    /// <summary>The samples a finished run writes, at its finish time.</summary>
    public static IReadOnlyList<MetricSample> ForRun(JobRun run)
    {
        if (run.Status == JobRunStatus.Started || run.FinishedAt is not { } at) return [];
        var samples = new List<MetricSample> { new(Failed(run.Job), run.Status == JobRunStatus.Failed ? 1 : 0, at, TagSet.Empty) };
        if (run.DurationSeconds is { } d) samples.Add(new(Duration(run.Job), d, at, TagSet.Empty));
        if (run.RowsIn is { } rowsIn) samples.Add(new(RowsIn(run.Job), rowsIn, at, TagSet.Empty));
        if (run.RowsOut is { } rowsOut) samples.Add(new(RowsOut(run.Job), rowsOut, at, TagSet.Empty));
        return samples;
    }
}

/// <summary>The rules a scheduled job gets: its dead man's switch and its failures. Duration and row
/// counts are left to the rule editor, whose threshold suggestions learn their range.</summary>
public static class JobAlarms
{
    public static AlarmRule DeadMan(BatchJob job) => new()
    {
        Name = $"Job late: {job.Name}",
        Description = $"Fires when batch job '{job.Name}' has not succeeded within its schedule plus {job.GraceMinutes} minutes of grace (a missed run).",
        Metric = JobMetricKeys.Overdue(job.Name),
        Aggregation = "max",
        WindowSeconds = 120,
        Operator = Comparison.GreaterThan,
        Threshold = 0,
        Severity = Severity.Warning,
        EvaluationIntervalSeconds = 60,
    };

    /// <summary>Keeps firing after the failed run's sample leaves the window (keep last) until a success writes 0.</summary>
    public static AlarmRule Failure(BatchJob job) => new()
    {
        Name = $"Job failed: {job.Name}",
        Description = $"Fires when a run of batch job '{job.Name}' fails, until a run succeeds.",
        Metric = JobMetricKeys.Failed(job.Name),
        Aggregation = "max",
        WindowSeconds = 120,
        Operator = Comparison.GreaterOrEqual,
        Threshold = 1,
        Severity = Severity.Warning,
        NoData = NoDataPolicy.KeepLast,
        EvaluationIntervalSeconds = 30,
    };
}
