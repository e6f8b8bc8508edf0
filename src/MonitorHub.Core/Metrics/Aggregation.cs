namespace MonitorHub.Core.Metrics;

public enum Aggregation
{
    Mean,
    Min,
    Max,
    Sum,
    Count,
    P50,
    P90,
    P95,
    P99,
}

public static class AggregationExtensions
{
    public static readonly IReadOnlyList<string> Names = ["mean", "min", "max", "sum", "count", "p50", "p90", "p95", "p99"];

    public static bool TryParse(string? text, out Aggregation aggregation)
    {
        switch (text?.ToLowerInvariant())
        {
            case "mean" or "avg": aggregation = Aggregation.Mean; return true;
            case "min": aggregation = Aggregation.Min; return true;
            case "max": aggregation = Aggregation.Max; return true;
            case "sum": aggregation = Aggregation.Sum; return true;
            case "count": aggregation = Aggregation.Count; return true;
            case "p50": aggregation = Aggregation.P50; return true;
            case "p90": aggregation = Aggregation.P90; return true;
            case "p95": aggregation = Aggregation.P95; return true;
            case "p99": aggregation = Aggregation.P99; return true;
            default: aggregation = default; return false;
        }
    }

    public static string ToName(this Aggregation aggregation) => aggregation.ToString().ToLowerInvariant();

    public static bool IsQuantile(this Aggregation aggregation) => aggregation.QuantileLevel() is not null;

    public static double? QuantileLevel(this Aggregation aggregation) => aggregation switch
    {
        Aggregation.P50 => 0.50,
        Aggregation.P90 => 0.90,
        Aggregation.P95 => 0.95,
        Aggregation.P99 => 0.99,
        _ => null,
    };
}
