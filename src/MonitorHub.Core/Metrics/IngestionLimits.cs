namespace MonitorHub.Core.Metrics;

/// <summary>The contract of <c>POST /api/v1/metrics</c>, kept in one place so the API,
/// the docs and the tests agree.</summary>
public static class IngestionLimits
{
    public const int MaxSamplesPerBatch = 10_000;
    public const long MaxBodyBytes = 4 * 1024 * 1024;
    public const int MaxTags = 16;
    public const int MaxTagKeyLength = 64;
    public const int MaxTagValueLength = 256;
    public const int MaxMetricKeyLength = 128;

    /// <summary>Clock skew tolerated for timestamps a client sends from the future.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(1);

    /// <summary>Namespaces of metrics MonitorHub derives itself (drift runs, detectors, rollouts,
    /// prediction logs): only it writes them, so a client cannot forge a drift verdict or an accuracy.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["drift.", "detector.", "deploy.", "model."];

    public static bool IsReserved(string key)
    {
        foreach (var prefix in ReservedPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    public static string ReservedReason => $"Reserved for metrics MonitorHub derives itself ({string.Join(", ", ReservedPrefixes.Select(p => p + "*"))}).";

    /// <summary>Why a sample's time cannot be stored (too far in the future, before 2000), or null.</summary>
    public static string? TimestampProblem(DateTimeOffset timestamp, DateTimeOffset now) =>
        timestamp > now + MaxFutureSkew ? "Must not be more than one hour in the future."
        : timestamp.Year < 2000 ? "Must not be before the year 2000."
        : null;

    public static bool IsValidMetricKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxMetricKeyLength) return false;
        foreach (var c in key)
        {
            var ok = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or ':' or '-';
            if (!ok) return false;
        }

        return true;
    }
}
