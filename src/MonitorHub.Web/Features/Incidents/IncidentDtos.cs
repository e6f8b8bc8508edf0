using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Web.Features.Pipelines;

namespace MonitorHub.Web.Features.Incidents;

public sealed record IncidentDto(
    long Id, int SystemId, string System, string State, long? OriginAlarmId, int? OriginComponentId, string? OriginComponent,
    DateTime OpenedAt, DateTime? AcknowledgedAt, string? AcknowledgedBy, DateTime? ResolvedAt, int Alarms, int OpenAlarms)
{
    public static IncidentDto From(IncidentSummary i) => new(
        i.Id, i.SystemId, i.SystemName, i.State.ToString().ToLowerInvariant(), i.OriginAlarmId, i.OriginComponentId, i.OriginComponent,
        i.OpenedAt.UtcDateTime, i.AcknowledgedAt?.UtcDateTime, i.AcknowledgedBy, i.ResolvedAt?.UtcDateTime, i.Alarms, i.OpenAlarms);
}

/// <summary>One page, newest first; pass <see cref="Next"/> as <c>before</c> for the next page (null: no more).</summary>
public sealed record IncidentPageDto(IReadOnlyList<IncidentDto> Items, long? Next);

public sealed record IncidentAlarmDto(AlarmDto Alarm, int ComponentId, string Component, bool IsOrigin, bool ProbablyCausedUpstream, bool NotificationsHeld)
{
    public static IncidentAlarmDto From(IncidentAlarmView a) => new(AlarmDto.From(a.Alarm), a.ComponentId, a.Component, a.IsOrigin, a.CausedUpstream, a.Held);
}

public sealed record IncidentEventDto(DateTime At, string Kind, string Actor, string Text, long? AlarmId);

/// <param name="AffectedPath">Component ids on a path from the origin to an alarmed component.</param>
public sealed record IncidentDetailDto(
    IncidentDto Incident, SystemDto System, IReadOnlyList<IncidentAlarmDto> Alarms, IReadOnlyList<int> AffectedPath, IReadOnlyList<EdgeDto> AffectedEdges,
    IReadOnlyList<IncidentEventDto> Timeline)
{
    public static IncidentDetailDto From(IncidentDetail d) => new(
        IncidentDto.From(d.Incident), SystemDto.From(d.System), [.. d.Alarms.Select(IncidentAlarmDto.From)], d.AffectedPath,
        [.. d.AffectedEdges.Select(e => new EdgeDto(e.FromComponentId, e.ToComponentId))],
        [.. d.Timeline.Select(e => new IncidentEventDto(e.At.UtcDateTime, e.Kind, e.Actor, e.Text, e.AlarmId))]);
}

/// <summary>The one comment kept with the incident and every alarm it acknowledges or resolves.</summary>
public sealed record IncidentActionRequest(string? Comment);
