using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Alarms;

/// <summary>Rules are checked field by field, with messages a team can act on.</summary>
public static class AlarmRuleValidation
{
    public const int MinIntervalSeconds = 10;
    public const int MaxWindowSeconds = 7 * 86400;

    public static List<ValidationIssue> Validate(AlarmRule rule)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));

        ValidationRules.Name(issues, "name", rule.Name);
        if (rule.Description.Length > 2000) Add("description", "At most 2000 characters.");
        if (!IngestionLimits.IsValidMetricKey(rule.Metric)) Add("metric", "Must be a metric key ([a-z0-9_.:-]{1,128}).");
        if (rule.Tags.Count > IngestionLimits.MaxTags) Add("tags", $"At most {IngestionLimits.MaxTags} tag filters.");
        if (!AlarmRule.AggregationNames.Contains(rule.Aggregation)) Add("aggregation", "One of " + string.Join(", ", AlarmRule.AggregationNames) + ".");
        if (rule.WindowSeconds is < 10 or > MaxWindowSeconds) Add("windowSeconds", $"Between 10 and {MaxWindowSeconds} seconds.");
        if (!Enum.IsDefined(rule.Operator)) Add("operator", "One of >, >=, <, <=.");
        if (!double.IsFinite(rule.Threshold)) Add("threshold", "Must be a finite number.");
        if (rule.ClearThreshold is { } clear)
        {
            if (!double.IsFinite(clear)) Add("clearThreshold", "Must be a finite number.");
            else if (rule.Operator is Comparison.GreaterThan or Comparison.GreaterOrEqual && clear > rule.Threshold)
                Add("clearThreshold", $"For '{AlarmRule.Symbol(rule.Operator)}' the clear threshold must be at or below the threshold ({rule.Threshold}), or the alarm could never clear.");
            else if (rule.Operator is Comparison.LessThan or Comparison.LessOrEqual && clear < rule.Threshold)
                Add("clearThreshold", $"For '{AlarmRule.Symbol(rule.Operator)}' the clear threshold must be at or above the threshold ({rule.Threshold}), or the alarm could never clear.");
        }

        if (rule.HourOfWeekThresholds is { } table)
        {
            if (table.Count != AlarmRule.HoursPerWeek) Add("hourOfWeekThresholds", $"Exactly {AlarmRule.HoursPerWeek} values, one per UTC hour of the week (Monday 00:00 first).");
            else if (table.Any(v => !double.IsFinite(v))) Add("hourOfWeekThresholds", "Every value must be a finite number.");
        }

        if (rule.ForSeconds is < 0 or > 86400) Add("forSeconds", "Between 0 and 86400 seconds.");
        if (rule.KeepFiringForSeconds is < 0 or > 86400) Add("keepFiringForSeconds", "Between 0 and 86400 seconds.");
        if (!Enum.IsDefined(rule.Severity)) Add("severity", "One of critical, warning, info.");
        if (!Enum.IsDefined(rule.NoData)) Add("noData", "One of ok, alerting, keepLast, noData.");
        if (rule.EvaluationIntervalSeconds is < MinIntervalSeconds or > 86400) Add("evaluationIntervalSeconds", $"Between {MinIntervalSeconds} and 86400 seconds.");
        if (rule.AckTimeoutMinutes is < 1 or > 7 * 24 * 60) Add("ackTimeoutMinutes", "Between 1 and 10080 minutes.");
        if (rule.RunbookUrl.Length > 0 && !(Uri.TryCreate(rule.RunbookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            Add("runbookUrl", "Must be an http(s) URL.");
        if (rule.Labels.Count > 32) Add("labels", "At most 32 labels.");
        return issues;
    }
}
