namespace MonitorHub.Core.Drift;

/// <summary>Everything a drift run needs from the reference window, computed once so runs never
/// re-read or re-sort raw reference data. Plain records over arrays: persistence is done elsewhere
/// (record equality on arrays is by reference, so compare contents when round-tripping).</summary>
public sealed record ReferenceProfile(ColumnProfile[] Columns)
{
    public ColumnProfile? Find(string name) => Array.Find(Columns, c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public static ReferenceProfile Build(IEnumerable<ColumnData> columns) =>
        new([.. columns.Select(ColumnProfile.Build)]);
}

/// <summary>One column: exactly one of Numeric / Categorical is set, matching Kind.</summary>
public sealed record ColumnProfile(string Name, ColumnKind Kind, NumericProfile? Numeric, CategoricalProfile? Categorical)
{
    public static ColumnProfile Build(ColumnData data) => data.Kind switch
    {
        ColumnKind.Numeric => new(data.Name, ColumnKind.Numeric, NumericProfile.Build(data.NumericValues ?? []), null),
        ColumnKind.Categorical => new(data.Name, ColumnKind.Categorical, null, CategoricalProfile.Build(data.CategoricalValues ?? [])),
        _ => throw new ArgumentOutOfRangeException(nameof(data)),
    };
}

/// <param name="SortedValues">Finite values, ascending: KS, Wasserstein and histograms merge against it directly.</param>
/// <param name="PopulationStd">numpy's np.std (ddof 0); NaN when empty.</param>
/// <param name="UniqueCount">Distinct values, capped at <see cref="UniqueCountCap"/>.</param>
public sealed record NumericProfile(double[] SortedValues, long Count, double PopulationStd, int UniqueCount)
{
    public const int UniqueCountCap = 10_000;

    public static NumericProfile Build(ReadOnlySpan<double?> values) => FromSorted(CurrentValues.SortedFinite(values));

    /// <summary>Takes ownership of an already-sorted finite array.</summary>
    public static NumericProfile FromSorted(double[] sorted) =>
        new(sorted, sorted.Length, Distances.PopulationStd(sorted), CurrentValues.DistinctCount(sorted, ReadOnlySpan<double>.Empty, UniqueCountCap));
}

/// <param name="Categories">Distinct non-null values in ordinal order.</param>
/// <param name="Counts">Occurrences, aligned with Categories.</param>
public sealed record CategoricalProfile(string[] Categories, long[] Counts)
{
    public long Total => Counts.Sum();

    public static CategoricalProfile Build(ReadOnlySpan<string?> values)
    {
        var counts = CurrentValues.CountCategories(values);
        var categories = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        return new(categories, [.. categories.Select(c => counts[c])]);
    }
}

/// <summary>Preparation of current-window values shared by the runner and the chart data.</summary>
public static class CurrentValues
{
    /// <summary>Finite values, sorted ascending (nulls, NaN and ±∞ are missing).</summary>
    public static double[] SortedFinite(ReadOnlySpan<double?> values)
    {
        var count = 0;
        foreach (var v in values)
        {
            if (v is { } x && double.IsFinite(x)) count++;
        }

        var result = new double[count];
        var i = 0;
        foreach (var v in values)
        {
            if (v is { } x && double.IsFinite(x)) result[i++] = x;
        }

        Array.Sort(result);
        return result;
    }

    public static Dictionary<string, long> CountCategories(ReadOnlySpan<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is null) continue;
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        return counts;
    }

    /// <summary>Distinct values of the union of two sorted arrays, counting stops at <paramref name="cap"/>
    /// (the auto rule only needs to know whether there are more than five).</summary>
    public static int DistinctCount(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB, int cap)
    {
        int i = 0, j = 0, distinct = 0;
        while ((i < sortedA.Length || j < sortedB.Length) && distinct < cap)
        {
            var v = i < sortedA.Length && (j >= sortedB.Length || sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            distinct++;
            while (i < sortedA.Length && sortedA[i] <= v) i++;
            while (j < sortedB.Length && sortedB[j] <= v) j++;
        }

        return distinct;
    }
}
