namespace MonitorHub.Core.Metrics;

/// <summary>
/// A chart of many series asks for the <see cref="Count"/> series ranked highest by an aggregate over the
/// whole range (the slowest hosts by p95, the busiest by count): a metric with 100 tag sets draws as ten
/// readable lines, and the chart reads only those ten series' buckets.
/// </summary>
public sealed record TopSeries(int Count, Aggregation By)
{
    /// <summary>As many series as a metric may have by default (<c>MonitorHub:Limits:MaxSeriesPerMetric</c>).</summary>
    public const int MaxCount = 1_000;

    /// <summary>What the metric page shows until "show all" is switched on.</summary>
    public const int ChartDefault = 10;

    /// <summary>Reads <c>top</c> and <c>by</c> (which defaults to the chart's own aggregation); null when
    /// <c>top</c> is absent. Each bad value adds an issue naming its parameter.</summary>
    public static TopSeries? Parse(string? top, string? by, Aggregation chartAggregation, List<ValidationIssue> issues)
    {
        var ranking = chartAggregation;
        var badBy = !string.IsNullOrEmpty(by) && !AggregationExtensions.TryParse(by, out ranking);
        if (badBy) issues.Add(new(null, "by", "Must be one of " + string.Join(", ", AggregationExtensions.Names) + "."));
        if (string.IsNullOrEmpty(top))
        {
            if (!string.IsNullOrEmpty(by)) issues.Add(new(null, "top", "'by' ranks series for 'top'; give 'top' as well."));
            return null;
        }

        if (!int.TryParse(top, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxCount)
        {
            issues.Add(new(null, "top", $"Must be a whole number from 1 to {MaxCount}."));
            return null;
        }

        return badBy ? null : new TopSeries(count, ranking);
    }

    /// <summary>
    /// Positions of the highest <see cref="Count"/> values, highest first; ties keep the given order (tag
    /// sets sorted by key, so the answer is stable). Series without a value in the range are left out: they
    /// would draw nothing.
    /// </summary>
    public IReadOnlyList<int> Pick(IReadOnlyList<double?> values)
    {
        var ranked = new List<int>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v && double.IsFinite(v)) ranked.Add(i);
        }

        ranked.Sort((a, b) => values[b]!.Value.CompareTo(values[a]!.Value) is var c && c != 0 ? c : a.CompareTo(b));
        return ranked.Count > Count ? ranked[..Count] : ranked;
    }
}
