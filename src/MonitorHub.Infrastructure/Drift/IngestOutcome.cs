using MonitorHub.Core.Metrics;

namespace MonitorHub.Infrastructure.Drift;

public enum IngestStatus
{
    Ok,

    /// <summary>Rejected as a whole; nothing was stored.</summary>
    Invalid,

    /// <summary>The writer's queue is full (or kept losing races); retry later.</summary>
    Busy,

    /// <summary>The key may not write some items (another system's model); nothing was stored.</summary>
    Forbidden,
}

public sealed record IngestOutcome<T>(IngestStatus Status, T? Value, IReadOnlyList<ValidationIssue> Issues)
{
    public static IngestOutcome<T> Ok(T value) => new(IngestStatus.Ok, value, []);
    public static IngestOutcome<T> Invalid(IReadOnlyList<ValidationIssue> issues) => new(IngestStatus.Invalid, default, issues);
    public static IngestOutcome<T> Busy() => new(IngestStatus.Busy, default, []);
    public static IngestOutcome<T> Forbidden(IReadOnlyList<ValidationIssue> issues) => new(IngestStatus.Forbidden, default, issues);

    /// <summary>Items naming a model of another system than the key's, or null when there are none.</summary>
    public static List<ValidationIssue>? OtherSystems(IEnumerable<string> models, int? keySystemId, IReadOnlyDictionary<string, Core.Drift.Predictions.ModelSettings> settings)
    {
        if (keySystemId is not { } bound) return null;
        var issues = models.Select((model, i) => (model, i))
            .Where(x => settings[x.model].SystemId is { } system && system != bound)
            .Take(20)
            .Select(x => new ValidationIssue(x.i, "model", $"Model '{x.model}' belongs to another system; this key writes only models of system {bound}."))
            .ToList();
        return issues.Count > 0 ? issues : null;
    }
}

/// <summary>Answer of <c>POST /api/v1/predictions</c>: every prediction is counted exactly once.</summary>
public sealed record PredictionIngestResult(int Accepted, int Duplicates, int SampledOut);

/// <summary>Answer of <c>POST /api/v1/labels</c>; <see cref="Unknown"/> lists at most 100 ids.</summary>
public sealed record LabelIngestResult(int Joined, IReadOnlyList<string> Unknown, int UnknownCount, int AlreadyLabelled);
