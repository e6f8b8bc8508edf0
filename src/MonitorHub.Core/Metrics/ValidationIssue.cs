namespace MonitorHub.Core.Metrics;

/// <summary>One reason a request was rejected. <see cref="Index"/> is the item's position in
/// the batch, or null for a problem with the request as a whole.</summary>
public sealed record ValidationIssue(int? Index, string Field, string Reason);

/// <summary>Rules more than one validator applies, worded once so that every form and API says the same.</summary>
public static class ValidationRules
{
    /// <summary>What people call a thing (a rule, a monitor, a channel, a key, a system): required, and
    /// short enough to show on one line. False when an issue was added.</summary>
    public static bool Name(List<ValidationIssue> issues, string field, string? value, int maxLength = 200, int? index = null)
    {
        if (string.IsNullOrWhiteSpace(value)) issues.Add(new(index, field, "Required."));
        else if (value.Length > maxLength) issues.Add(new(index, field, $"At most {maxLength} characters."));
        else return true;
        return false;
    }
}
