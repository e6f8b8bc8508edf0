using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Timeline;

/// <summary>
/// A read of the timeline: the half-open range [From, To), optional scope (a system, one of its
/// components, a model), the kinds wanted (empty: all), and where the previous page ended.
/// </summary>
public sealed record TimelineQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    int? SystemId = null,
    int? ComponentId = null,
    string? Model = null,
    IReadOnlySet<string>? Kinds = null,
    TimelineCursor? Cursor = null,
    int Limit = TimelineQuery.DefaultLimit,
    string? Metric = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Longest range one read may span: the retention of the busiest sources, with room.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public bool Wants(string kind) => Kinds is not { Count: > 0 } || Kinds.Contains(kind);

    /// <summary>Whether the read is narrowed to part of the product: global events (user and key changes) then drop out.</summary>
    public bool IsScoped => SystemId is not null || ComponentId is not null || Model is not null || Metric is not null;

    public IEnumerable<string> WantedKinds => TimelineKinds.All.Where(Wants);

    /// <summary>The range and limit; the scope's ids are checked against the store by the caller.</summary>
    public static List<ValidationIssue> Validate(TimelineQuery query)
    {
        var issues = new List<ValidationIssue>();
        if (query.From >= query.To) issues.Add(new(null, "from", "Must be before 'to'."));
        else if (query.To - query.From > MaxRange) issues.Add(new(null, "from", $"The range may span at most {MaxRange.TotalDays:0} days."));
        if (query.Limit is < 1 or > MaxLimit) issues.Add(new(null, "limit", $"Must be a whole number from 1 to {MaxLimit}."));
        foreach (var kind in query.Kinds ?? new HashSet<string>())
        {
            if (!TimelineKinds.IsKnown(kind)) issues.Add(new(null, "kind", $"Unknown kind '{kind}'; one of {string.Join(", ", TimelineKinds.All)}."));
        }

        if (query.Metric is { } metric && !Metrics.IngestionLimits.IsValidMetricKey(metric))
            issues.Add(new(null, "metric", "A metric key ([a-z0-9_.:-], at most 128 characters)."));
        if (query.Model is { } model && !Drift.Predictions.PredictionLimits.IsValidModelName(model))
            issues.Add(new(null, "model", "A model name ([A-Za-z0-9_.-], at most 100 characters)."));
        return issues;
    }
}
