namespace MonitorHub.Core.Metrics;

/// <summary>One reason a request was rejected. <see cref="Index"/> is the item's position in
/// the batch, or null for a problem with the request as a whole.</summary>
public sealed record ValidationIssue(int? Index, string Field, string Reason);
