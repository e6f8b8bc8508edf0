namespace MonitorHub.Core.Metrics;

/// <summary>An ML product being monitored, e.g. "Voice search".</summary>
public sealed record MonitoredSystem(int Id, string Name, string Description);

/// <summary>A pipeline stage of a system, e.g. voice activity detection.</summary>
public sealed record PipelineComponent(int Id, int SystemId, string Name, string Description);

/// <summary>Data flows from <see cref="FromComponentId"/> to <see cref="ToComponentId"/>.</summary>
public sealed record ComponentEdge(int FromComponentId, int ToComponentId);

public sealed record MetricDefinition(
    string Key,
    string DisplayName,
    MetricCategory Category,
    string Unit,
    string Description,
    int? SystemId,
    int? ComponentId,
    string OwnerTeam,
    bool Pinned = false)
{
    public bool IsUnclassified => Category == MetricCategory.Unclassified;

    /// <summary>MonitorHub writes it itself (drift, detectors, rollouts, prediction logs): such metrics stay
    /// off the Overview unless pinned, because a system with a few monitors has dozens of them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDerived => IngestionLimits.IsReserved(Key);
}

/// <summary>One stored observation: a series is the metric key plus its tag set.</summary>
public sealed record MetricSample(string Metric, double Value, DateTimeOffset Timestamp, TagSet Tags);
