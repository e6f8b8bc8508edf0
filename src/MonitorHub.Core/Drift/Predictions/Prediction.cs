using System.Globalization;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>A feature value, output or label: text (categorical / classification), a number
/// (numeric / regression) or missing (both null).</summary>
public readonly record struct Scalar(string? Text, double? Number)
{
    public static Scalar Missing => default;
    public bool IsMissing => Text is null && Number is null;
    public static Scalar Of(string text) => new(text, null);
    public static Scalar Of(double number) => new(null, number);

    /// <summary>The value as text; a number in its shortest round-trip form (what a hash of a
    /// numeric value and a class comparison against a numeric output use).</summary>
    public string? AsText() => Text ?? Number?.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One named feature of a prediction.</summary>
public readonly record struct Feature(string Name, Scalar Value);

/// <summary>Who made a logged prediction: the live model (whose output is used), a shadow model run next
/// to it (logged, never used), or the person deciding (the live decision in the lower automation degrees).</summary>
public enum PredictionRole
{
    Live,
    Shadow,
    Human,
}

public static class PredictionRoles
{
    /// <summary>The stored and JSON spelling.</summary>
    public static string Name(PredictionRole role) => role switch
    {
        PredictionRole.Shadow => "shadow",
        PredictionRole.Human => "human",
        _ => "live",
    };

    public static PredictionRole? Parse(string? text) => text switch
    {
        "live" => PredictionRole.Live,
        "shadow" => PredictionRole.Shadow,
        "human" => PredictionRole.Human,
        _ => null,
    };
}

/// <summary>
/// One validated prediction log. <see cref="Features"/> are sorted by name (ordinal) so the stored
/// JSON and the idempotency hash do not depend on the order a client sent them in. Its identity is
/// (model, id, role, version): a shadow or human answer to the same request is a separate row.
/// </summary>
public sealed record PredictionRecord(
    string Id,
    string Model,
    string Version,
    long TimestampMs,
    IReadOnlyList<Feature> Features,
    Scalar Output,
    double? Score,
    double? LatencyMs,
    PredictionRole Role = PredictionRole.Live);

/// <summary>One delayed ground-truth label for a prediction.</summary>
public sealed record LabelRecord(string PredictionId, string Model, Scalar Label);
