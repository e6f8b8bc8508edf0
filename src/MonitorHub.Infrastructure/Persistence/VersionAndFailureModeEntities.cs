namespace MonitorHub.Infrastructure.Persistence;

/// <summary>One version of a rule or metric definition: the whole snapshot, who, when and why.</summary>
public sealed class VersionEntity
{
    public long Id { get; set; }

    /// <summary>"rule" or "metric".</summary>
    public required string EntityType { get; set; }
    public required string EntityKey { get; set; }
    public int Version { get; set; }
    public required string Snapshot { get; set; }
    public long AtMs { get; set; }
    public required string Author { get; set; }
    public required string Reason { get; set; }
}

public sealed class FailureModeEntity
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public int? SystemId { get; set; }
    public int? ComponentId { get; set; }
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public int Status { get; set; }

    /// <summary>JSON arrays: links are few per failure mode and always read together with it.</summary>
    public string MetricKeys { get; set; } = "[]";
    public string RuleIds { get; set; } = "[]";
    public string? Template { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>A system's software-engineering checklist, stored as one JSON document.</summary>
public sealed class SystemChecklistEntity
{
    public int SystemId { get; set; }
    public required string Definition { get; set; }
    public long UpdatedAtMs { get; set; }
    public required string UpdatedBy { get; set; }
}
