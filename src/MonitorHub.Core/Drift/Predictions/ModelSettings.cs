using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>A model whose predictions are logged; registered on its first prediction.</summary>
public sealed record ModelSettings(
    string Name,
    int? SystemId,
    double SamplingRate,
    int RetentionDays,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt)
{
    public static ModelSettings Default(string name, DateTimeOffset now) =>
        new(name, null, PredictionLimits.DefaultSamplingRate, PredictionLimits.DefaultRetentionDays, now, null);
}

/// <summary>Body of <c>PUT /api/v1/models/{name}</c>; a full replacement of the editable settings.</summary>
public sealed record ModelUpdate(int? SystemId, double? SamplingRate, int? RetentionDays);

public static class ModelValidation
{
    public static List<ValidationIssue> Validate(string name, ModelUpdate update)
    {
        var issues = new List<ValidationIssue>();
        if (!PredictionLimits.IsValidModelName(name))
            issues.Add(new(null, "name", $"Must match [A-Za-z0-9_.-]{{1,{PredictionLimits.MaxModelNameLength}}}."));
        if (update.SamplingRate is not { } rate)
            issues.Add(new(null, "samplingRate", "Required."));
        else if (!PredictionLimits.IsValidSamplingRate(rate))
            issues.Add(new(null, "samplingRate", "Must be greater than 0 and at most 1."));
        if (update.RetentionDays is not { } days)
            issues.Add(new(null, "retentionDays", "Required."));
        else if (!PredictionLimits.IsValidRetentionDays(days))
            issues.Add(new(null, "retentionDays", $"Must be from {PredictionLimits.MinRetentionDays} to {PredictionLimits.MaxRetentionDays}."));
        return issues;
    }
}
