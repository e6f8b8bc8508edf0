namespace MonitorHub.Infrastructure.Persistence;

/// <summary>A batch job: its definition (versioned through the versions table) and what its runs said last.</summary>
public sealed class JobEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string? Cron { get; set; }
    public int? EveryMinutes { get; set; }
    public int GraceMinutes { get; set; }
    public int? ComponentId { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }

    /// <summary>When the current schedule was set: the dead man's switch counts from here until the first success.</summary>
    public long? ScheduledSinceMs { get; set; }

    public long? LastSuccessAtMs { get; set; }
    public long? LastRunAtMs { get; set; }

    /// <summary>The last finished run's status (<see cref="Core.BatchJobs.JobRunStatus"/>); null before any.</summary>
    public int? LastCompletedStatus { get; set; }
}

public sealed class JobRunEntity
{
    public long Id { get; set; }
    public int JobId { get; set; }

    /// <summary>The caller's id for the run, which a later report completes; unique per job.</summary>
    public string? RunId { get; set; }
    public int Status { get; set; }
    public long StartedAtMs { get; set; }
    public long? FinishedAtMs { get; set; }

    /// <summary>Time of the latest report on this run (its finish, else its start): where the history places it.</summary>
    public long AtMs { get; set; }
    public double? DurationSeconds { get; set; }
    public double? RowsIn { get; set; }
    public double? RowsOut { get; set; }
    public string Message { get; set; } = "";
    public required string Actor { get; set; }
}
