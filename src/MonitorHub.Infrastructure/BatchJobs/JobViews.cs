using MonitorHub.Core.BatchJobs;

namespace MonitorHub.Infrastructure.BatchJobs;

/// <summary>A job as pages and the API show it: its definition, where it stands now, and its latest run.</summary>
public sealed record JobView(
    BatchJob Job, int? SystemId, DateTimeOffset CreatedAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastRunAt,
    JobRunStatus? LastCompletedStatus, JobHealthView Health);

/// <summary>A page of a job's runs, newest first, with how many there are in all.</summary>
public sealed record JobRunPage(int Total, IReadOnlyList<JobRun> Runs);

/// <summary>
/// A run report checked against what is stored, ready to be written: the run it becomes (a new one, or
/// the started run it completes) and where the job's metrics belong.
/// </summary>
public sealed record PreparedRun(JobRun Run, int? JobId, long? CompletesRunId, int? SystemId, int? ComponentId);
