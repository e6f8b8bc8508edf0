using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Web.Features.Metrics;

public sealed record MetricDefinitionDto(
    string Key, string DisplayName, MetricCategory Category, string Unit, string Description,
    int? SystemId, int? ComponentId, string OwnerTeam, bool Unclassified, bool Pinned, bool Derived)
{
    /// <summary>Distinct tag sets stored for the metric (catalogue listing only).</summary>
    public int? SeriesCount { get; init; }

    /// <summary>MonitorHub:Limits:MaxSeriesPerMetric: batches that would create more series are refused.</summary>
    public int? SeriesLimit { get; init; }

    public static MetricDefinitionDto From(MetricDefinition d) =>
        new(d.Key, d.DisplayName, d.Category, d.Unit, d.Description, d.SystemId, d.ComponentId, d.OwnerTeam, d.IsUnclassified, d.Pinned, d.IsDerived);
}

public readonly record struct PointDto(DateTime T, double V);

/// <param name="Points">Projected while the response is written, not copied first: a 100-series chart
/// has tens of thousands of points.</param>
public sealed record SeriesDto(IReadOnlyDictionary<string, string> Tags, IEnumerable<PointDto> Points);

/// <param name="TotalSeries">Series that matched; more than <paramref name="Series"/> holds when <c>top</c> was asked for.</param>
/// <param name="Top">The <c>top</c> asked for, if any.</param>
/// <param name="By">The aggregate that ranked the series for <c>top</c>, if any.</param>
public sealed record SeriesResponse(
    string Metric, string Agg, long Step, string Source, DateTime From, DateTime To, IReadOnlyList<SeriesDto> Series, int TotalSeries, int? Top, string? By)
{
    public static SeriesResponse Of(SeriesQueryResult result, TopSeries? top = null) => new(
        result.Metric,
        result.Aggregation.ToName(),
        result.Plan.StepSeconds,
        result.Plan.CoarsestTier switch { StorageTier.Hour => "hourly", StorageTier.FiveMinute => "five-minute", StorageTier.Minute => "rollups", _ => "raw" },
        result.Plan.From.UtcDateTime,
        result.Plan.To.UtcDateTime,
        [.. result.Series.Select(s => new SeriesDto(s.Tags.ToDictionary(), s.Points.Select(p => new PointDto(p.T.UtcDateTime, p.V))))],
        result.TotalSeries,
        top?.Count,
        top?.By.ToName());
}
