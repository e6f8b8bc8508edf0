namespace MonitorHub.Infrastructure.Persistence;

// EF entity classes: mutable by necessity; the domain works with the records in Core.

public sealed class SystemEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<ComponentEntity> Components { get; set; } = [];
}

public sealed class ComponentEntity
{
    public int Id { get; set; }
    public int SystemId { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Display order along the pipeline.</summary>
    public int Position { get; set; }
}

public sealed class ComponentEdgeEntity
{
    public int FromComponentId { get; set; }
    public int ToComponentId { get; set; }
}

public sealed class MetricDefinitionEntity
{
    public required string Key { get; set; }
    public required string DisplayName { get; set; }
    public int Category { get; set; }
    public string Unit { get; set; } = "";
    public string Description { get; set; } = "";
    public int? SystemId { get; set; }
    public int? ComponentId { get; set; }
    public string OwnerTeam { get; set; } = "";

    /// <summary>Shown on the Overview.</summary>
    public bool Pinned { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
}

public sealed class SeriesEntity
{
    public long Id { get; set; }
    public required string MetricKey { get; set; }

    /// <summary>Canonical <see cref="Core.Metrics.TagSet.Key"/>.</summary>
    public required string TagsKey { get; set; }
}

public sealed class SampleEntity
{
    public long Id { get; set; }
    public long SeriesId { get; set; }

    /// <summary>Unix milliseconds: integer comparisons keep range scans on the index cheap.</summary>
    public long Ts { get; set; }

    public double Value { get; set; }
}

public sealed class RollupEntity
{
    public long SeriesId { get; set; }

    /// <summary>Unix minutes.</summary>
    public long Minute { get; set; }

    public long Count { get; set; }
    public double Sum { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    public required byte[] Sketch { get; set; }
}

/// <summary>The minute rollups of five minutes merged: kept by the writer in the same transaction as the
/// minutes, so the tiers always agree. A 24-hour chart's five-minute buckets read one row each instead of five.</summary>
public sealed class FiveMinuteRollupEntity
{
    public long SeriesId { get; set; }

    /// <summary>Unix five-minute periods (Unix minutes / 5).</summary>
    public long FiveMinute { get; set; }

    public long Count { get; set; }
    public double Sum { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    public required byte[] Sketch { get; set; }
}

/// <summary>The minute rollups of one hour merged: kept by the writer in the same transaction as the
/// minutes, so the two tiers always agree.</summary>
public sealed class HourlyRollupEntity
{
    public long SeriesId { get; set; }

    /// <summary>Unix hours.</summary>
    public long Hour { get; set; }

    public long Count { get; set; }
    public double Sum { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    public required byte[] Sketch { get; set; }
}
