using MonitorHub.Core.Metrics;

namespace MonitorHub.Infrastructure.Drift;

public enum IngestStatus
{
    Ok,

    /// <summary>Rejected as a whole; nothing was stored.</summary>
    Invalid,

    /// <summary>The writer's queue is full (or kept losing races); retry later.</summary>
    Busy,
}

public sealed record IngestOutcome<T>(IngestStatus Status, T? Value, IReadOnlyList<ValidationIssue> Issues)
{
    public static IngestOutcome<T> Ok(T value) => new(IngestStatus.Ok, value, []);
    public static IngestOutcome<T> Invalid(IReadOnlyList<ValidationIssue> issues) => new(IngestStatus.Invalid, default, issues);
    public static IngestOutcome<T> Busy() => new(IngestStatus.Busy, default, []);
}

/// <summary>Answer of <c>POST /api/v1/predictions</c>: every prediction is counted exactly once.</summary>
public sealed record PredictionIngestResult(int Accepted, int Duplicates, int SampledOut);

/// <summary>Answer of <c>POST /api/v1/labels</c>; <see cref="Unknown"/> lists at most 100 ids.</summary>
public sealed record LabelIngestResult(int Joined, IReadOnlyList<string> Unknown, int UnknownCount, int AlreadyLabelled);
