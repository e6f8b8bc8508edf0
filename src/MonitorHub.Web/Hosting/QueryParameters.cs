using System.Globalization;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hosting;

/// <summary>Reads query-string values, collecting a field-named issue for each bad one.</summary>
public static class QueryParameters
{
    public static DateTimeOffset Time(HttpRequest request, string name, DateTimeOffset fallback, List<ValidationIssue> issues)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        issues.Add(new(null, name, "Must be an ISO-8601 UTC time, e.g. 2026-11-26T10:00:00Z."));
        return fallback;
    }

    public static DateTimeOffset? OptionalTime(HttpRequest request, string name, List<ValidationIssue> issues)
    {
        var before = issues.Count;
        var value = Time(request, name, DateTimeOffset.MinValue, issues);
        return issues.Count > before || value == DateTimeOffset.MinValue ? null : value;
    }

    public static int Int(HttpRequest request, string name, int fallback, int min, int max, List<ValidationIssue> issues)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        issues.Add(new(null, name, $"Must be a whole number from {min} to {max}."));
        return fallback;
    }
}
