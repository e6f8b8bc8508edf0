namespace MonitorHub.Core.Drift;

/// <summary>One column's statistic before corrections and drift decisions (see <see cref="DatasetDrift.Decide"/>).</summary>
internal static class ColumnTests
{
    public static ColumnDriftResult Evaluate(ColumnProfile profile, ColumnData data, ColumnDriftOptions options, DriftMethod defaultMethod)
    {
        var requested = options.Method != DriftMethod.Auto ? options.Method : defaultMethod;
        return profile.Kind == ColumnKind.Numeric
            ? Numeric(profile.Name, profile.Numeric!, CurrentValues.SortedFinite(data.NumericValues ?? []), requested, options)
            : Categorical(profile.Name, profile.Categorical!, CurrentValues.CountCategories(data.CategoricalValues ?? []), requested, options);
    }

    private static ColumnDriftResult Numeric(string name, NumericProfile reference, double[] current, DriftMethod method, ColumnDriftOptions options)
    {
        var refValues = reference.SortedValues;
        if (method == DriftMethod.Auto)
        {
            var distinct = CurrentValues.DistinctCount(refValues, current, DatasetDrift.MinNumericUniqueValues + 1);
            method = DatasetDrift.ResolveAutoMethod(ColumnKind.Numeric, refValues.Length, distinct);
        }

        var result = Empty(name, ColumnKind.Numeric, method, options, refValues.Length, current.Length);
        if (refValues.Length == 0 || current.Length == 0) return result;

        double statistic;
        double? p = null;
        switch (method)
        {
            case DriftMethod.Ks:
                var ks = KolmogorovSmirnov.TwoSample(refValues, current);
                (statistic, p) = (ks.Statistic, ks.PValue);
                break;
            case DriftMethod.Chi2:
                var (refCounts, curCounts) = DistinctValueCounts(refValues, current);
                var chi2 = ChiSquare.Contingency(refCounts, curCounts);
                if (chi2 is null) return result;
                (statistic, p) = (chi2.Value.Statistic, chi2.Value.PValue);
                break;
            case DriftMethod.Wasserstein:
                statistic = Distances.WassersteinNormed(refValues, current, reference.PopulationStd);
                break;
            default:
                var edges = Histogram.SturgesEdges(refValues, current);
                statistic = ShareDistance(method,
                    Distances.Shares(Histogram.Counts(refValues, edges), refValues.Length),
                    Distances.Shares(Histogram.Counts(current, edges), current.Length));
                break;
        }

        double? effect = DatasetDrift.IsPValueMethod(method) && options.EffectSizeFloor is not null
            ? Distances.WassersteinNormed(refValues, current, reference.PopulationStd)
            : null;
        return Tested(result, statistic, p, effect);
    }

    private static ColumnDriftResult Categorical(string name, CategoricalProfile reference, Dictionary<string, long> current, DriftMethod method, ColumnDriftOptions options)
    {
        if (method is DriftMethod.Ks or DriftMethod.Wasserstein)
            throw new ArgumentException($"{method} needs a numeric column; '{name}' is categorical.");
        var refTotal = reference.Total;
        var curTotal = current.Values.Sum();
        if (method == DriftMethod.Auto) method = DatasetDrift.ResolveAutoMethod(ColumnKind.Categorical, refTotal, 0);

        var result = Empty(name, ColumnKind.Categorical, method, options, refTotal, curTotal);
        if (refTotal == 0 || curTotal == 0) return result;

        var (refCounts, curCounts) = AlignCategories(reference, current);
        double statistic;
        double? p = null;
        if (method == DriftMethod.Chi2)
        {
            var chi2 = ChiSquare.Contingency(refCounts, curCounts);
            if (chi2 is null) return result;
            (statistic, p) = (chi2.Value.Statistic, chi2.Value.PValue);
        }
        else
        {
            statistic = ShareDistance(method, Distances.Shares(refCounts, refTotal), Distances.Shares(curCounts, curTotal));
        }

        double? effect = p is not null && options.EffectSizeFloor is not null
            ? Distances.JensenShannon(Distances.Shares(refCounts, refTotal), Distances.Shares(curCounts, curTotal))
            : null;
        return Tested(result, statistic, p, effect);
    }

    private static double ShareDistance(DriftMethod method, double[] reference, double[] current) => method switch
    {
        DriftMethod.JensenShannon => Distances.JensenShannon(reference, current),
        DriftMethod.Psi => Distances.Psi(reference, current),
        DriftMethod.Hellinger => Distances.Hellinger(reference, current),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static ColumnDriftResult Empty(string name, ColumnKind kind, DriftMethod method, ColumnDriftOptions options, long refCount, long curCount) =>
        new(name, kind, method, ColumnDriftStatus.InsufficientData, null, null, null,
            options.Threshold ?? DatasetDrift.DefaultThreshold(method),
            null, DatasetDrift.IsPValueMethod(method) ? options.EffectSizeFloor : null, false, refCount, curCount);

    /// <summary>Anything non-finite stays "insufficient data": results never carry NaN.</summary>
    private static ColumnDriftResult Tested(ColumnDriftResult empty, double statistic, double? p, double? effect)
    {
        if (!double.IsFinite(statistic) || (p is { } pv && !double.IsFinite(pv)) || (effect is { } e && !double.IsFinite(e))) return empty;
        return empty with { Status = ColumnDriftStatus.Tested, Statistic = statistic, PValue = p, AdjustedPValue = p, EffectSize = effect };
    }

    /// <summary>Counts per distinct value over the union of two sorted samples (chi2 on a low-cardinality numeric column).</summary>
    internal static (long[] Reference, long[] Current) DistinctValueCounts(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        var a = new List<long>();
        var b = new List<long>();
        int i = 0, j = 0;
        while (i < sortedA.Length || j < sortedB.Length)
        {
            var v = i < sortedA.Length && (j >= sortedB.Length || sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            int i0 = i, j0 = j;
            while (i < sortedA.Length && sortedA[i] <= v) i++;
            while (j < sortedB.Length && sortedB[j] <= v) j++;
            a.Add(i - i0);
            b.Add(j - j0);
        }

        return ([.. a], [.. b]);
    }

    /// <summary>Counts over the ordinal-sorted union of categories; a category seen on one side only gets 0 on the other.</summary>
    internal static (long[] Reference, long[] Current) AlignCategories(CategoricalProfile reference, Dictionary<string, long> current)
    {
        var union = new SortedSet<string>(reference.Categories, StringComparer.Ordinal);
        union.UnionWith(current.Keys);
        var refLookup = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < reference.Categories.Length; i++) refLookup[reference.Categories[i]] = reference.Counts[i];
        return ([.. union.Select(c => refLookup.GetValueOrDefault(c))], [.. union.Select(c => current.GetValueOrDefault(c))]);
    }
}
