using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.FailureModes;

public enum FailureModeStatus
{
    Brainstormed = 0,
    Covered = 1,
    AcceptedRisk = 2,
}

/// <summary>Something that could go wrong, the metrics that would show it and the rules that would alarm on it.</summary>
public sealed record FailureMode(
    int Id, string Title, string Description, int? SystemId, int? ComponentId, int Likelihood, int Impact, FailureModeStatus Status,
    IReadOnlyList<string> MetricKeys, IReadOnlyList<int> RuleIds, string? Template, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    /// <summary>Likelihood × impact (1–25), the usual risk-matrix ordering.</summary>
    public int Risk => Likelihood * Impact;
}

/// <summary>What a client sends to create or replace a failure mode; null means "not given".</summary>
public sealed record FailureModeDraft(
    string? Title, string? Description, int? SystemId, int? ComponentId, int? Likelihood, int? Impact, string? Status,
    IReadOnlyList<string>? MetricKeys, IReadOnlyList<int>? RuleIds, string? Template = null);

public static class FailureModeValidation
{
    public const int MaxLinks = 50;

    public static readonly IReadOnlyDictionary<string, FailureModeStatus> StatusNames = new Dictionary<string, FailureModeStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["brainstormed"] = FailureModeStatus.Brainstormed,
        ["covered"] = FailureModeStatus.Covered,
        ["acceptedRisk"] = FailureModeStatus.AcceptedRisk,
        ["accepted-risk"] = FailureModeStatus.AcceptedRisk,
    };

    public static string Name(FailureModeStatus status) => status switch
    {
        FailureModeStatus.Covered => "covered",
        FailureModeStatus.AcceptedRisk => "acceptedRisk",
        _ => "brainstormed",
    };

    /// <summary>Checks the shape of a draft; whether linked systems, metrics and rules exist is the store's job.</summary>
    public static List<ValidationIssue> Validate(FailureModeDraft draft)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));
        ValidationRules.Name(issues, "title", draft.Title?.Trim());
        if (draft.Description is { Length: > 4000 }) Add("description", "At most 4000 characters.");
        if (draft.Likelihood is null) Add("likelihood", "Required: 1 (rare) to 5 (almost certain).");
        else if (draft.Likelihood is < 1 or > 5) Add("likelihood", "Between 1 (rare) and 5 (almost certain).");
        if (draft.Impact is null) Add("impact", "Required: 1 (negligible) to 5 (severe).");
        else if (draft.Impact is < 1 or > 5) Add("impact", "Between 1 (negligible) and 5 (severe).");
        if (draft.Status is not null && !StatusNames.ContainsKey(draft.Status)) Add("status", "One of brainstormed, covered, acceptedRisk.");
        if (draft.MetricKeys is { } keys)
        {
            if (keys.Count > MaxLinks) Add("metricKeys", $"At most {MaxLinks} metrics.");
            else if (keys.FirstOrDefault(k => !IngestionLimits.IsValidMetricKey(k)) is { } bad) Add("metricKeys", $"'{bad}' is not a metric key.");
        }

        if (draft.RuleIds is { Count: > MaxLinks }) Add("ruleIds", $"At most {MaxLinks} rules.");
        if (draft.Template is not null && FailureModeTemplates.Find(draft.Template) is null) Add("template", "No such template.");
        return issues;
    }
}
