using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.BatchJobs;

/// <summary>What a job name, a definition and a run report must satisfy; each issue names its field.</summary>
public static class JobValidation
{
    public const int MaxMessageLength = 2000;
    public const int MaxRunIdLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxEveryMinutes = 366 * 24 * 60;
    public const int MaxGraceMinutes = 7 * 24 * 60;

    /// <summary>A job name is part of its metric keys (<c>job.&lt;name&gt;.…</c>), so it follows the metric-key rules.</summary>
    public static ValidationIssue? CheckName(string? name) =>
        !IngestionLimits.IsValidMetricKey(name) || name!.Length > JobMetricKeys.MaxNameLength
            ? new(null, "name", $"Must match [a-z0-9_.:-]{{1,{JobMetricKeys.MaxNameLength}}} (it becomes part of the job's metric keys).")
            : null;

    public static List<ValidationIssue> Validate(BatchJob job)
    {
        var issues = new List<ValidationIssue>();
        if (CheckName(job.Name) is { } name) issues.Add(name);
        if (job.Description.Length > MaxDescriptionLength) issues.Add(new(null, "description", $"At most {MaxDescriptionLength} characters."));
        if (job.Cron is not null && job.EveryMinutes is not null) issues.Add(new(null, "cron", "Give either a cron expression or everyMinutes, not both."));
        if (job.Cron is { } cron && !JobSchedule.TryParse(cron, out _))
            issues.Add(new(null, "cron", "Not a cron expression: five fields (minute hour day-of-month month day-of-week, UTC), e.g. \"0 2 * * *\", or a macro like @daily."));
        if (job.EveryMinutes is < 1 or > MaxEveryMinutes) issues.Add(new(null, "everyMinutes", $"Between 1 and {MaxEveryMinutes}."));
        if (job.GraceMinutes is < 0 or > MaxGraceMinutes) issues.Add(new(null, "graceMinutes", $"Between 0 and {MaxGraceMinutes}."));
        return issues;
    }

    /// <summary>Checks a run report; <paramref name="status"/> is its parsed status when there are no issues.</summary>
    public static List<ValidationIssue> Validate(JobRunReport report, out JobRunStatus status)
    {
        var issues = new List<ValidationIssue>();
        status = JobRunStatus.Started;
        if (string.IsNullOrWhiteSpace(report.Status)) issues.Add(new(null, "status", "Required: started, succeeded or failed."));
        else if (!TryParseStatus(report.Status, out status)) issues.Add(new(null, "status", "One of started, succeeded, failed."));
        NonNegative(issues, "rowsIn", report.RowsIn);
        NonNegative(issues, "rowsOut", report.RowsOut);
        NonNegative(issues, "durationSeconds", report.DurationSeconds);
        if (report.Message is { Length: > MaxMessageLength }) issues.Add(new(null, "message", $"At most {MaxMessageLength} characters."));
        if (report.RunId is { } runId && (runId.Length is 0 or > MaxRunIdLength || runId.Any(char.IsControl)))
            issues.Add(new(null, "runId", $"1 to {MaxRunIdLength} printable characters."));
        return issues;
    }

    public static bool TryParseStatus(string? text, out JobRunStatus status)
    {
        (var ok, status) = text?.Trim().ToLowerInvariant() switch
        {
            "started" => (true, JobRunStatus.Started),
            "succeeded" => (true, JobRunStatus.Succeeded),
            "failed" => (true, JobRunStatus.Failed),
            _ => (false, JobRunStatus.Started),
        };
        return ok;
    }

    public static string Name(this JobRunStatus status) => status.ToString().ToLowerInvariant();

    private static void NonNegative(List<ValidationIssue> issues, string field, double? value)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0)) issues.Add(new(null, field, "A finite number ≥ 0."));
    }
}

/// <summary>How a report becomes a stored run: a new one, or the completion of the run it started.</summary>
public static class JobRuns
{
    /// <summary>
    /// The run a finished report completes: the started run's time stays, the duration is the report's
    /// or else the time since the start on the clock, and counts not reported keep what the start said.
    /// </summary>
    public static JobRun Complete(JobRun started, JobRunReport report, JobRunStatus status, DateTimeOffset now) => started with
    {
        Status = status,
        FinishedAt = now,
        DurationSeconds = report.DurationSeconds ?? Math.Max(0, (now - started.StartedAt).TotalSeconds),
        RowsIn = report.RowsIn ?? started.RowsIn,
        RowsOut = report.RowsOut ?? started.RowsOut,
        Message = string.IsNullOrWhiteSpace(report.Message) ? started.Message : report.Message.Trim(),
    };

    /// <summary>A run reported in one message: a finished run started <c>durationSeconds</c> before now.</summary>
    public static JobRun New(string job, JobRunReport report, JobRunStatus status, DateTimeOffset now)
    {
        var finished = status != JobRunStatus.Started;
        var startedAt = finished && report.DurationSeconds is { } d ? now.AddSeconds(-Math.Min(d, 10 * 365 * 86400d)) : now;
        return new JobRun(0, job, report.RunId, status, startedAt, finished ? now : null,
            finished ? report.DurationSeconds : null, report.RowsIn, report.RowsOut, report.Message?.Trim() ?? "");
    }
}
