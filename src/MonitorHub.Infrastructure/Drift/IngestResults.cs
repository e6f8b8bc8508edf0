namespace MonitorHub.Infrastructure.Drift;

/// <summary>Answer of <c>POST /api/v1/predictions</c>: every prediction is counted exactly once.</summary>
public sealed record PredictionIngestResult(int Accepted, int Duplicates, int SampledOut);

/// <summary>Answer of <c>POST /api/v1/labels</c>; <see cref="Unknown"/> lists at most 100 ids.</summary>
public sealed record LabelIngestResult(int Joined, IReadOnlyList<string> Unknown, int UnknownCount, int AlreadyLabelled);
