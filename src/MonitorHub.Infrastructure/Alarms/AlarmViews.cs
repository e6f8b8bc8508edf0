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

/// <summary>Notice that alarms changed, for inbox pages and the app-bar badge. With Redis, changes made on
/// other nodes arrive through <see cref="PublishFromPeer"/> and this node's go out through <see cref="ChangedHere"/>.</summary>
public sealed class AlarmFeed
{
    public event Action<IReadOnlyList<AlarmView>>? Changed;

    /// <summary>Changes made on this node only (not those from peers), for the relay to other nodes.</summary>
    public event Action<IReadOnlyList<AlarmView>>? ChangedHere;

    public void Publish(IReadOnlyList<AlarmView> alarms)
    {
        if (alarms.Count == 0) return;
        Changed?.Invoke(alarms);
        ChangedHere?.Invoke(alarms);
    }

    public void PublishFromPeer(IReadOnlyList<AlarmView> alarms)
    {
        if (alarms.Count > 0) Changed?.Invoke(alarms);
    }
}
