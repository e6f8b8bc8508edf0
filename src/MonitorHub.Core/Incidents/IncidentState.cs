using MonitorHub.Core.Alarms;

namespace MonitorHub.Core.Incidents;

public enum IncidentState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>An incident's state follows its alarms: resolved when all are, acknowledged when every open one is.</summary>
public static class IncidentStates
{
    public static IncidentState Of(IEnumerable<AlarmState> alarms)
    {
        var open = alarms.Where(s => s != AlarmState.Resolved).ToList();
        if (open.Count == 0) return IncidentState.Resolved;
        return open.All(s => s == AlarmState.Acknowledged) ? IncidentState.Acknowledged : IncidentState.Open;
    }

    /// <summary>
    /// Whether a rule's downstream alarms have their notifications held while an upstream component
    /// fires: set on the rule, else on for warnings and info (likely noise from the cascade) and off for
    /// critical alarms, which page on their own.
    /// </summary>
    public static bool Inhibits(AlarmRule rule) => rule.InhibitWhenUpstreamFiring ?? rule.Severity != Severity.Critical;

    public static bool TryParse(string? text, out IncidentState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);
}
