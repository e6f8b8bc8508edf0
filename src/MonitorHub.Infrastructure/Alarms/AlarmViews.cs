using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Infrastructure.Alarms;

public sealed record AlarmView(
    long Id, int RuleId, string RuleName, string Metric, Severity Severity, AlarmState State, TagSet Tags, double? Value,
    DateTimeOffset StartedAt, DateTimeOffset? FiringSince, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateTimeOffset? AckUntil, DateTimeOffset? ResolvedAt, bool Flapping);

public sealed record AlarmEventView(DateTimeOffset At, string Kind, AlarmState? From, AlarmState? To, double? Value, string Actor, string Text);

public sealed record AlarmDetail(AlarmView Alarm, AlarmRule Rule, IReadOnlyList<AlarmEventView> Timeline);

/// <param name="NoiseRate">Share of the rule's alarms on-call marked as noise, among those given feedback.</param>
public sealed record RuleView(AlarmRule Rule, DateTimeOffset? LastEvaluatedAt, int OpenAlarms, double? NoiseRate);

/// <summary>In-process notice that alarms changed, for inbox pages and the app-bar badge.</summary>
public sealed class AlarmFeed
{
    public event Action<IReadOnlyList<AlarmView>>? Changed;

    public void Publish(IReadOnlyList<AlarmView> alarms)
    {
        if (alarms.Count > 0) Changed?.Invoke(alarms);
    }
}
