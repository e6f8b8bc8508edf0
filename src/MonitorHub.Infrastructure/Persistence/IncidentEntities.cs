namespace MonitorHub.Infrastructure.Persistence;

/// <summary>Alarms on connected components of one system that opened close together (see <c>IncidentGrouping</c>).</summary>
public sealed class IncidentEntity
{
    public long Id { get; set; }
    public int SystemId { get; set; }

    /// <summary><c>IncidentState</c>: derived from the alarms, stored so lists filter and page in SQL.</summary>
    public int State { get; set; }
    public long? OriginAlarmId { get; set; }
    public int? OriginComponentId { get; set; }
    public long OpenedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
    public long? AcknowledgedAtMs { get; set; }
    public string? AcknowledgedBy { get; set; }
    public long? ResolvedAtMs { get; set; }
}

/// <summary>An alarm's membership of an incident; an alarm belongs to at most one.</summary>
public sealed class IncidentAlarmEntity
{
    public long AlarmId { get; set; }
    public long IncidentId { get; set; }
    public int ComponentId { get; set; }
    public long JoinedAtMs { get; set; }

    /// <summary>Another alarm of the incident fired on a component feeding this one.</summary>
    public bool CausedUpstream { get; set; }

    /// <summary>Notifications held back: caused upstream, the upstream alarm still open, and the rule inhibits.</summary>
    public bool Held { get; set; }
}

/// <summary>The incident's own timeline: opened, alarms joining, origin changes, acknowledgement, resolution.</summary>
public sealed class IncidentEventEntity
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long AtMs { get; set; }
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public string Text { get; set; } = "";
}
