using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Incidents;

public sealed record IncidentSummary(
    long Id, int SystemId, string SystemName, IncidentState State, long? OriginAlarmId, int? OriginComponentId, string? OriginComponent,
    DateTimeOffset OpenedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt, int Alarms, int OpenAlarms);

/// <param name="CausedUpstream">Another alarm of the incident fired on a component feeding this one.</param>
/// <param name="Held">Its notifications are held while the upstream alarm is open (the rule's inhibitWhenUpstreamFiring).</param>
public sealed record IncidentAlarmView(AlarmView Alarm, int ComponentId, string Component, bool IsOrigin, bool CausedUpstream, bool Held);

/// <param name="AlarmId">Set for an event of one of the incident's alarms, null for the incident's own.</param>
public sealed record IncidentEventView(DateTimeOffset At, string Kind, string Actor, string Text, long? AlarmId);

/// <param name="AffectedPath">Components on a path from the origin to an alarmed component, the origin included.</param>
public sealed record IncidentDetail(
    IncidentSummary Incident, SystemView System, IReadOnlyList<IncidentAlarmView> Alarms, IReadOnlyList<int> AffectedPath,
    IReadOnlyList<ComponentEdge> AffectedEdges, IReadOnlyList<IncidentEventView> Timeline);

/// <summary>A component's open alarms, for colouring the pipeline graph.</summary>
public sealed record ComponentHealth(int ComponentId, int Open, int Firing, int Acknowledged, Severity? Worst);

/// <summary>A pipeline graph's colouring (open alarms per component) and the incidents not yet resolved.</summary>
public sealed record PipelineHealth(IReadOnlyDictionary<int, ComponentHealth> Components, IReadOnlyList<IncidentSummary> OpenIncidents);
