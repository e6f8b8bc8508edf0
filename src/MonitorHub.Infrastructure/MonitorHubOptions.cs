using System.ComponentModel.DataAnnotations;

namespace MonitorHub.Infrastructure;

/// <summary>The <c>MonitorHub</c> section of appsettings.json; validated at start-up.</summary>
public sealed class MonitorHubOptions
{
    public const string SectionName = "MonitorHub";

    /// <summary>Folder for monitorhub.db and the Hangfire store; relative paths are resolved
    /// against the folder holding appsettings.json.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Start the Voice-search simulator that pushes through the HTTP API.</summary>
    public bool Demo { get; set; }

    [Required]
    public RetentionOptions Retention { get; set; } = new();

    [Required]
    public IngestionOptions Ingestion { get; set; } = new();
}

public sealed class RetentionOptions
{
    [Range(1, 3650)]
    public int RawDays { get; set; } = 7;

    [Range(1, 3650)]
    public int RollupDays { get; set; } = 400;
}

public sealed class IngestionOptions
{
    /// <summary>Batches waiting for the writer before new ones are answered 429.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Samples the writer commits in one transaction at most (group commit).</summary>
    [Range(100, 1_000_000)]
    public int MaxSamplesPerCommit { get; set; } = 50_000;
}
