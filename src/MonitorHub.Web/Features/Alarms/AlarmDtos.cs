using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Serialization;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Web.Features.Alarms;

/// <summary>A rule as the API reads and writes it: camelCase, durations in seconds, operator as a symbol.</summary>
public sealed record RuleDto(
    int Id, string? Name, string? Description, string? Metric, Dictionary<string, string>? Tags, string? Aggregation, int? WindowSeconds,
    string? Operator, double? Threshold, double? ClearThreshold, int? ForSeconds, int? KeepFiringForSeconds, string? Severity,
    string? NoData, int? EvaluationIntervalSeconds, int? AckTimeoutMinutes, string? RunbookUrl, Dictionary<string, string>? Labels, bool? Enabled,
    List<int>? Channels = null, DateTime? LastEvaluatedAt = null, int OpenAlarms = 0, double? NoiseRate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<double>? HourOfWeekThresholds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FailureModeId = null,
    bool? InhibitWhenUpstreamFiring = null)
{
    public static RuleDto From(AlarmRule r, DateTimeOffset? lastEvaluatedAt = null, int openAlarms = 0, double? noiseRate = null) => new(
        r.Id, r.Name, r.Description, r.Metric, r.Tags.ToDictionary(), r.Aggregation, r.WindowSeconds, AlarmRule.Symbol(r.Operator), r.Threshold,
        r.ClearThreshold, r.ForSeconds, r.KeepFiringForSeconds, r.Severity.ToString().ToLowerInvariant(), Camel(r.NoData.ToString()),
        r.EvaluationIntervalSeconds, r.AckTimeoutMinutes, r.RunbookUrl, r.Labels.ToDictionary(), r.Enabled, [.. r.Channels], lastEvaluatedAt?.UtcDateTime, openAlarms, noiseRate,
        r.HourOfWeekThresholds is { } table ? [.. table] : null, InhibitWhenUpstreamFiring: r.InhibitWhenUpstreamFiring);

    /// <summary>201 for a new rule, with the address it is read and changed at.</summary>
    public static Created<RuleDto> Created(AlarmRule rule) => TypedResults.Created($"/api/v1/rules/{rule.Id}", From(rule));

    /// <summary>Maps onto a rule, defaulting what is left out; unknown words are reported by field.</summary>
    public (AlarmRule Rule, List<ValidationIssue> Issues) ToRule()
    {
        var issues = new List<ValidationIssue>();
        var defaults = new AlarmRule();
        var op = defaults.Operator;
        if (Operator is not null && !AlarmRule.TryParseOperator(Operator, out op)) issues.Add(new(null, "operator", "One of >, >=, <, <=."));
        var severity = defaults.Severity;
        if (Severity is not null && !Enum.TryParse(Severity, ignoreCase: true, out severity)) issues.Add(new(null, "severity", "One of critical, warning, info."));
        var noData = defaults.NoData;
        if (NoData is not null && !Enum.TryParse(NoData, ignoreCase: true, out noData)) issues.Add(new(null, "noData", "One of ok, alerting, keepLast, noData."));
        if (Threshold is null) issues.Add(new(null, "threshold", "Required."));
        var rule = new AlarmRule
        {
            Name = Name ?? "",
            Description = Description ?? "",
            Metric = Metric ?? "",
            Tags = Tags ?? [],
            Aggregation = Aggregation ?? defaults.Aggregation,
            WindowSeconds = WindowSeconds ?? defaults.WindowSeconds,
            Operator = op,
            Threshold = Threshold ?? 0,
            ClearThreshold = ClearThreshold,
            ForSeconds = ForSeconds ?? 0,
            KeepFiringForSeconds = KeepFiringForSeconds ?? 0,
            Severity = severity,
            NoData = noData,
            EvaluationIntervalSeconds = EvaluationIntervalSeconds ?? defaults.EvaluationIntervalSeconds,
            AckTimeoutMinutes = AckTimeoutMinutes ?? defaults.AckTimeoutMinutes,
            RunbookUrl = RunbookUrl ?? "",
            Labels = Labels ?? [],
            Enabled = Enabled ?? true,
            Channels = Channels ?? [],
            HourOfWeekThresholds = HourOfWeekThresholds,
            InhibitWhenUpstreamFiring = InhibitWhenUpstreamFiring,
        };
        return (rule, issues);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

public sealed record AlarmDto(
    long Id, int RuleId, string RuleName, string Metric, string Severity, string State, IReadOnlyDictionary<string, string> Tags, double? Value,
    DateTime StartedAt, DateTime? AcknowledgedAt, string? AcknowledgedBy, DateTime? AckUntil, DateTime? ResolvedAt, bool Flapping)
{
    public static AlarmDto From(AlarmView a) => new(
        a.Id, a.RuleId, a.RuleName, a.Metric, a.Severity.ToString().ToLowerInvariant(), a.State.ToString().ToLowerInvariant(), a.Tags.ToDictionary(),
        a.Value, a.StartedAt.UtcDateTime, a.AcknowledgedAt?.UtcDateTime, a.AcknowledgedBy, a.AckUntil?.UtcDateTime, a.ResolvedAt?.UtcDateTime, a.Flapping);
}

public sealed record TimelineDto(DateTime At, string Kind, string? From, string? To, double? Value, string Actor, string Text)
{
    public static TimelineDto Of(AlarmEventView e) => new(e.At.UtcDateTime, e.Kind, e.From?.ToString().ToLowerInvariant(), e.To?.ToString().ToLowerInvariant(), e.Value, e.Actor, e.Text);
}

public sealed record AckRequest(string? Comment, int? ExpiresInMinutes, string? Feedback);

public sealed record ResolveRequest(string? Comment, string? Feedback);
