namespace MonitorHub.Core.Drift.Predictions;

/// <summary>The contract of <c>POST /api/v1/predictions</c> and <c>POST /api/v1/labels</c>, kept in
/// one place so the API, the docs and the tests agree.</summary>
public static class PredictionLimits
{
    public const int MaxPerBatch = 10_000;

    /// <summary>Prediction logs carry features, so a batch may be larger than a metrics batch; this
    /// matches the server's overall request limit.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public const int MaxIdLength = 200;
    public const int MaxModelNameLength = 100;
    public const int MaxVersionLength = 100;
    public const int MaxFeatureNameLength = 100;
    public const int MaxFeatures = 200;

    /// <summary>Categorical feature values and string outputs/labels beyond this are rejected rather
    /// than silently truncated (a truncated value would change the category).</summary>
    public const int MaxTextLength = 10_000;

    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;
    public const double DefaultSamplingRate = 1.0;
    public const int DefaultRetentionDays = 30;

    /// <summary>Clock skew tolerated for timestamps a client sends from the future (as for metrics).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(1);

    /// <summary>Model names: <c>[A-Za-z0-9_.-]{1,100}</c> — safe in URLs, metric keys and logs.</summary>
    public static bool IsValidModelName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxModelNameLength) return false;
        foreach (var c in name)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.' or '-';
            if (!ok) return false;
        }

        return true;
    }

    public static bool IsValidSamplingRate(double rate) => double.IsFinite(rate) && rate > 0 && rate <= 1;

    public static bool IsValidRetentionDays(int days) => days is >= MinRetentionDays and <= MaxRetentionDays;
}
