namespace MonitorHub.Infrastructure.Persistence;

// Prediction logs and their models. The ingestion path writes these tables with hand-written SQL
// through the single writer; EF owns the schema and the model settings.

public sealed class ModelEntity
{
    public required string Name { get; set; }
    public int? SystemId { get; set; }
    public double SamplingRate { get; set; } = 1.0;
    public int RetentionDays { get; set; } = 30;
    public long CreatedAtMs { get; set; }
    public long? LastSeenAtMs { get; set; }
}

public sealed class PredictionEntity
{
    /// <summary>Row id: keeps rows compact and in arrival order for "last N" reads.</summary>
    public long Id { get; set; }
    public required string Model { get; set; }

    /// <summary>The client's prediction id, unique per model.</summary>
    public required string PredictionId { get; set; }
    public string Version { get; set; } = "";

    /// <summary>"live", "shadow" or "human" (<see cref="Core.Drift.Predictions.PredictionRoles"/>); rows from before roles are live.</summary>
    public string Role { get; set; } = "live";

    /// <summary>Prediction time, Unix milliseconds.</summary>
    public long Ts { get; set; }

    /// <summary>Redacted features as a compact JSON object (names in ordinal order).</summary>
    public required string Features { get; set; }
    public string? OutputText { get; set; }
    public double? OutputNumber { get; set; }
    public double? Score { get; set; }
    public double? LatencyMs { get; set; }

    /// <summary>Hash of the canonical redacted content: a resend with the same hash is a duplicate.</summary>
    public required string ContentHash { get; set; }
    public string? LabelText { get; set; }
    public double? LabelNumber { get; set; }
    public long? LabelledAtMs { get; set; }
}
