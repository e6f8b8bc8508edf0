namespace MonitorHub.Core.Alarms;

/// <summary>On-call's verdict on an alarm, collected to find noisy rules.</summary>
public enum AlarmFeedback
{
    Useful,
    Noise,
}

public enum AlarmState
{
    Pending,
    Firing,
    Acknowledged,
    Resolved,
    NoData,
}

/// <summary>The open alarm of one rule and series. Null means inactive (no open alarm).</summary>
public sealed record AlarmStatus(
    AlarmState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FiringSince,
    DateTimeOffset? ClearingSince,
    DateTimeOffset? AckUntil,
    double? LastValue)
{
    public bool IsOpen => State != AlarmState.Resolved;
}

public sealed record Transition(AlarmState? From, AlarmState To, DateTimeOffset At, double? Value, string Reason);

public sealed record Evaluation(AlarmStatus? Status, IReadOnlyList<Transition> Transitions, bool Flapping, double? Value);

/// <summary>
/// The alarm state machine, a pure function of (rule, window value, open alarm, recent transition
/// times, now): inactive → pending (<c>for</c>) → firing ⇄ acknowledged → resolved, with hysteresis
/// through the clear threshold, <c>keepFiringFor</c>, the no-data policy, acknowledgement expiry and
/// flap detection. Live evaluation and backtests both run through here.
/// </summary>
public static class AlarmEvaluator
{
    /// <summary>This many state changes within <see cref="FlapWindowEvaluations"/> evaluations mark a series flapping.</summary>
    public const int FlapTransitions = 4;
    public const int FlapWindowEvaluations = 10;

    public static Evaluation Evaluate(AlarmRule rule, double? value, AlarmStatus? current, IReadOnlyList<DateTimeOffset> recentTransitions, DateTimeOffset now)
    {
        if (current is { State: AlarmState.Resolved }) current = null;
        var transitions = new List<Transition>();

        if (value is null && rule.NoData == NoDataPolicy.KeepLast) value = current?.LastValue;
        var noData = value is null;
        if (noData && rule.NoData == NoDataPolicy.NoData)
        {
            var status = current is { State: AlarmState.NoData }
                ? current
                : Move(current, AlarmState.NoData, now, null, "no data in the window", transitions) with { StartedAt = current?.StartedAt ?? now };
            return Done(rule, status, transitions, recentTransitions, now, null);
        }

        // Without data, "ok" and "keepLast" (with nothing to keep) clear; "alerting" breaches.
        var breaching = noData ? rule.NoData == NoDataPolicy.Alerting : rule.Breaches(value!.Value, now);
        var active = noData ? rule.NoData == NoDataPolicy.Alerting : rule.StillActive(value!.Value, now);
        var next = current;

        switch (current?.State)
        {
            case null or AlarmState.NoData:
                if (breaching)
                {
                    var firing = rule.ForSeconds == 0;
                    next = Move(current, firing ? AlarmState.Firing : AlarmState.Pending, now, value,
                        firing ? "threshold crossed" : $"threshold crossed; waiting {rule.ForSeconds} s before firing", transitions)
                        with { StartedAt = current?.StartedAt ?? now, FiringSince = firing ? now : null };
                }
                else if (current is not null)
                {
                    next = Move(current, AlarmState.Resolved, now, value, "data is back and within the threshold", transitions);
                }

                break;

            case AlarmState.Pending:
                if (!breaching)
                    next = Move(current, AlarmState.Resolved, now, value, "cleared before the for-duration elapsed", transitions);
                else if (now - current.StartedAt >= TimeSpan.FromSeconds(rule.ForSeconds))
                    next = Move(current, AlarmState.Firing, now, value, $"breaching for {rule.ForSeconds} s", transitions) with { FiringSince = now };
                break;

            case AlarmState.Firing or AlarmState.Acknowledged:
                if (active)
                {
                    next = current with { ClearingSince = null };
                    if (current.State == AlarmState.Acknowledged && current.AckUntil is { } until && until <= now)
                        next = Move(next, AlarmState.Firing, now, value, "acknowledgement expired while still firing", transitions) with { AckUntil = null };
                }
                else
                {
                    var clearing = current.ClearingSince ?? now;
                    next = now - clearing >= TimeSpan.FromSeconds(rule.KeepFiringForSeconds)
                        ? Move(current, AlarmState.Resolved, now, value,
                            rule.KeepFiringForSeconds > 0 ? $"clear for {rule.KeepFiringForSeconds} s" : "back past the clear threshold", transitions)
                        : current with { ClearingSince = clearing };
                }

                break;
        }

        return Done(rule, next, transitions, recentTransitions, now, value);
    }

    /// <summary>Acknowledging silences re-notification until the acknowledgement expires.</summary>
    public static (AlarmStatus? Status, Transition? Transition, string? Error) Acknowledge(AlarmRule rule, AlarmStatus status, int? expiresInMinutes, DateTimeOffset now)
    {
        if (status.State is not (AlarmState.Firing or AlarmState.Acknowledged or AlarmState.NoData or AlarmState.Pending))
            return (null, null, "Only open alarms can be acknowledged.");
        var minutes = expiresInMinutes ?? rule.AckTimeoutMinutes;
        if (minutes is < 1 or > 7 * 24 * 60) return (null, null, "expiresInMinutes must be between 1 and 10080.");
        var transition = new Transition(status.State, AlarmState.Acknowledged, now, status.LastValue, "acknowledged");
        return (status with { State = AlarmState.Acknowledged, AckUntil = now.AddMinutes(minutes) }, transition, null);
    }

    public static (AlarmStatus? Status, Transition? Transition, string? Error) Resolve(AlarmStatus status, DateTimeOffset now)
    {
        if (status.State == AlarmState.Resolved) return (null, null, "The alarm is already resolved.");
        return (status with { State = AlarmState.Resolved, AckUntil = null }, new Transition(status.State, AlarmState.Resolved, now, status.LastValue, "resolved by hand"), null);
    }

    private static AlarmStatus Move(AlarmStatus? current, AlarmState to, DateTimeOffset now, double? value, string reason, List<Transition> transitions)
    {
        transitions.Add(new Transition(current?.State, to, now, value, reason));
        return (current ?? new AlarmStatus(to, now, null, null, null, value)) with { State = to, ClearingSince = null };
    }

    private static Evaluation Done(AlarmRule rule, AlarmStatus? status, List<Transition> transitions, IReadOnlyList<DateTimeOffset> recent, DateTimeOffset now, double? value)
    {
        if (status is not null && value is not null) status = status with { LastValue = value };
        var window = TimeSpan.FromSeconds(rule.EvaluationIntervalSeconds * FlapWindowEvaluations);
        var count = recent.Count(t => now - t < window) + transitions.Count;
        return new Evaluation(status, transitions, count >= FlapTransitions, value);
    }
}
