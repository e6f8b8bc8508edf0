namespace MonitorHub.Core.Drift;

/// <summary>Histogram overlay for a numeric column: shared Sturges edges, counts per side.</summary>
public sealed record NumericHistogram(double[] Edges, long[] ReferenceCounts, long[] CurrentCounts);

/// <summary>Bar data for a categorical column over the union of categories (ordinal order).</summary>
public sealed record CategoryBars(string[] Categories, long[] ReferenceCounts, long[] CurrentCounts);

/// <summary>Chart data for the UI, from the same binning the distance tests use.</summary>
public static class DriftCharts
{
    /// <summary>Null when both sides are empty (no range to bin).</summary>
    public static NumericHistogram? NumericFromSorted(NumericProfile reference, ReadOnlySpan<double> sortedCurrent)
    {
        if (reference.SortedValues.Length == 0 && sortedCurrent.IsEmpty) return null;
        var edges = Histogram.SturgesEdges(reference.SortedValues, sortedCurrent);
        return new NumericHistogram(edges, Histogram.Counts(reference.SortedValues, edges), Histogram.Counts(sortedCurrent, edges));
    }

    public static NumericHistogram? Numeric(NumericProfile reference, double?[] current) =>
        NumericFromSorted(reference, CurrentValues.SortedFinite(current));

    public static CategoryBars Categorical(CategoricalProfile reference, string?[] current)
    {
        var counts = CurrentValues.CountCategories(current);
        var union = new SortedSet<string>(reference.Categories, StringComparer.Ordinal);
        union.UnionWith(counts.Keys);
        var (refCounts, curCounts) = ColumnTests.AlignCategories(reference, counts);
        return new CategoryBars([.. union], refCounts, curCounts);
    }
}
