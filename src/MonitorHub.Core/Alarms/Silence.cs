using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Alarms;

/// <summary>
/// Mutes notifications of matching alarms between <see cref="StartsAt"/> and <see cref="EndsAt"/>;
/// the alarms themselves are still evaluated and tracked. Every given matcher must match.
/// </summary>
public sealed record Silence(
    int Id, int? RuleId, Severity? Severity, IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Comment, string CreatedBy)
{
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Matches(int ruleId, Severity severity, TagSet tags, DateTimeOffset now) =>
        IsActive(now)
        && (RuleId is null || RuleId == ruleId)
        && (Severity is null || Severity == severity)
        && tags.Matches(Tags);

    public static List<ValidationIssue> Validate(Silence silence)
    {
        var issues = new List<ValidationIssue>();
        if (silence.RuleId is null && silence.Severity is null && silence.Tags.Count == 0)
            issues.Add(new(null, "matchers", "Give at least one matcher (ruleId, severity or tags), or it would mute everything."));
        if (silence.EndsAt <= silence.StartsAt) issues.Add(new(null, "endsAt", "Must be after startsAt."));
        else if (silence.EndsAt - silence.StartsAt > TimeSpan.FromDays(30)) issues.Add(new(null, "endsAt", "A silence may last at most 30 days."));
        if (string.IsNullOrWhiteSpace(silence.Comment)) issues.Add(new(null, "comment", "Say why the alarms are silenced."));
        else if (silence.Comment.Length > 2000) issues.Add(new(null, "comment", "At most 2000 characters."));
        if (silence.Tags.Count > IngestionLimits.MaxTags) issues.Add(new(null, "tags", $"At most {IngestionLimits.MaxTags} tag matchers."));
        return issues;
    }
}

/// <summary>Mean time to acknowledge and to resolve, per rule, over alarms that opened in a range.</summary>
public sealed record OnCallStats(int RuleId, string RuleName, int Alarms, int Acknowledged, int Resolved, TimeSpan? MeanTimeToAcknowledge, TimeSpan? MeanTimeToResolve);

public sealed record AlarmLifetime(int RuleId, string RuleName, DateTimeOffset StartedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt);

public static class OnCallReport
{
    /// <summary>MTTA counts from the alarm opening to its first acknowledgement; MTTR to resolution.</summary>
    public static IReadOnlyList<OnCallStats> Compute(IEnumerable<AlarmLifetime> alarms) =>
        [.. alarms.GroupBy(a => (a.RuleId, a.RuleName)).Select(g =>
        {
            var acked = g.Where(a => a.AcknowledgedAt is not null).Select(a => a.AcknowledgedAt!.Value - a.StartedAt).ToList();
            var resolved = g.Where(a => a.ResolvedAt is not null).Select(a => a.ResolvedAt!.Value - a.StartedAt).ToList();
            return new OnCallStats(g.Key.RuleId, g.Key.RuleName, g.Count(), acked.Count, resolved.Count,
                acked.Count > 0 ? TimeSpan.FromTicks((long)acked.Average(t => t.Ticks)) : null,
                resolved.Count > 0 ? TimeSpan.FromTicks((long)resolved.Average(t => t.Ticks)) : null);
        }).OrderByDescending(s => s.Alarms).ThenBy(s => s.RuleName)];
}
