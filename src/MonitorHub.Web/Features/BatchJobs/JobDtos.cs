using MonitorHub.Core.Alarms;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Infrastructure.BatchJobs;

namespace MonitorHub.Web.Features.BatchJobs;

/// <summary>The body of <c>POST /api/v1/jobs/{name}/runs</c>.</summary>
public sealed record JobRunRequest(string? Status, double? RowsIn, double? RowsOut, double? DurationSeconds, string? Message, string? RunId)
{
    public JobRunReport ToReport() => new(Status, RowsIn, RowsOut, DurationSeconds, Message, RunId);
}

/// <summary>The body of <c>PUT /api/v1/jobs/{name}</c>; <c>createRules</c> (default true) adds the failure rule and, with a schedule, the dead man's switch.</summary>
public sealed record JobRequest(string? Description, string? Cron, int? EveryMinutes, int? GraceMinutes, int? ComponentId, string? Reason, bool? CreateRules)
{
    public BatchJob ToJob(string name) => new()
    {
        Name = name, Description = Description ?? "", Cron = string.IsNullOrWhiteSpace(Cron) ? null : Cron.Trim(), EveryMinutes = EveryMinutes,
        GraceMinutes = GraceMinutes ?? new BatchJob().GraceMinutes, ComponentId = ComponentId,
    };
}

public sealed record JobRunDto(long Id, string Job, string? RunId, string Status, DateTime StartedAt, DateTime? FinishedAt, double? DurationSeconds, double? RowsIn, double? RowsOut, string Message)
{
    public static JobRunDto From(JobRun r) => new(
        r.Id, r.Job, r.RunId, r.Status.Name(), r.StartedAt.UtcDateTime, r.FinishedAt?.UtcDateTime, r.DurationSeconds, r.RowsIn, r.RowsOut, r.Message);
}

public sealed record JobRunPageDto(int Total, IReadOnlyList<JobRunDto> Runs);

/// <summary>A rule watching one of the job's metrics.</summary>
public sealed record JobRuleDto(int Id, string Name, string Metric, bool Enabled)
{
    public static JobRuleDto From(AlarmRule r) => new(r.Id, r.Name, r.Metric, r.Enabled);
}

/// <summary>The metric keys a job's runs and its staleness check write.</summary>
public sealed record JobMetricsDto(string DurationSeconds, string RowsIn, string RowsOut, string Failed, string OverdueMinutes)
{
    public static JobMetricsDto For(string job) =>
        new(JobMetricKeys.Duration(job), JobMetricKeys.RowsIn(job), JobMetricKeys.RowsOut(job), JobMetricKeys.Failed(job), JobMetricKeys.Overdue(job));
}

/// <summary>A job with where it stands: <c>state</c> is ok, late or failing; <c>dueBy</c> is when a success must have arrived.</summary>
public sealed record JobDto(
    string Name, string Description, string? Cron, int? EveryMinutes, int GraceMinutes, int? ComponentId, int? SystemId,
    string State, DateTime? NextExpectedAt, DateTime? DueBy, double OverdueMinutes, DateTime? LastSuccessAt, DateTime? LastRunAt, string? LastStatus,
    DateTime CreatedAt, JobMetricsDto Metrics, IReadOnlyList<JobRuleDto>? Rules = null)
{
    public static JobDto From(JobView v, IReadOnlyList<AlarmRule>? rules = null) => new(
        v.Job.Name, v.Job.Description, v.Job.Cron, v.Job.EveryMinutes, v.Job.GraceMinutes, v.Job.ComponentId, v.SystemId,
        v.Health.State.ToString().ToLowerInvariant(), v.Health.NextExpected?.UtcDateTime, v.Health.DueBy?.UtcDateTime, Math.Round(v.Health.OverdueMinutes, 2),
        v.LastSuccessAt?.UtcDateTime, v.LastRunAt?.UtcDateTime, v.LastCompletedStatus?.Name(), v.CreatedAt.UtcDateTime, JobMetricsDto.For(v.Job.Name),
        rules?.Select(JobRuleDto.From).ToList());
}
