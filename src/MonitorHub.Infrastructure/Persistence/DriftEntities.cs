namespace MonitorHub.Infrastructure.Persistence;

/// <summary>A model's reference: a frozen window of its logs or an uploaded CSV, kept as a precomputed profile.</summary>
public sealed class DriftReferenceEntity
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public required string Name { get; set; }

    /// <summary>"logs" or "csv".</summary>
    public required string Kind { get; set; }
    public long? FromMs { get; set; }
    public long? ToMs { get; set; }
    public int Rows { get; set; }

    /// <summary>Column names and kinds, for listing without loading the profile.</summary>
    public required string Columns { get; set; }

    /// <summary><see cref="MonitorHub.Core.Drift.ReferenceProfileSerializer"/> bytes.</summary>
    public required byte[] Profile { get; set; }
    public long CreatedAtMs { get; set; }
    public required string CreatedBy { get; set; }
}

public sealed class DriftMonitorEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Model { get; set; }
    public int ReferenceId { get; set; }

    /// <summary>The whole monitor as JSON; the columns above are copied out for queries.</summary>
    public required string Definition { get; set; }
    public bool Enabled { get; set; }
    public long NextRunAtMs { get; set; }
    public long? LastRunAtMs { get; set; }
}

public sealed class DriftRunEntity
{
    public long Id { get; set; }
    public int MonitorId { get; set; }
    public long AtMs { get; set; }
    public long? WindowFromMs { get; set; }
    public long? WindowToMs { get; set; }
    public int Rows { get; set; }
    public double Share { get; set; }
    public bool DatasetDrift { get; set; }
    public int Tested { get; set; }
    public int Drifted { get; set; }

    /// <summary>Per-column results as JSON.</summary>
    public required string Columns { get; set; }
    public string? Error { get; set; }
}

public sealed class DetectorEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Definition { get; set; }
    public bool Enabled { get; set; }
    public string? State { get; set; }

    /// <summary>Everything at or before this time (and id, for ties) has been fed.</summary>
    public long CursorMs { get; set; }
    public long CursorId { get; set; }
    public long Processed { get; set; }
    public long Detections { get; set; }
}

public sealed class DetectorEventEntity
{
    public long Id { get; set; }
    public int DetectorId { get; set; }
    public long AtMs { get; set; }
    public required string Kind { get; set; }
    public double Value { get; set; }
}
