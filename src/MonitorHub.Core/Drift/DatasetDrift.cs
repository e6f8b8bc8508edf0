namespace MonitorHub.Core.Drift;

/// <summary>Runs per-column drift tests of a current window against a <see cref="ReferenceProfile"/>
/// and aggregates them into dataset drift (Evidently's DataDriftPreset semantics).</summary>
public static class DatasetDrift
{
    /// <summary>Evidently's row limit below which p-value tests are chosen.</summary>
    public const int SmallReferenceRows = 1000;

    /// <summary>Numeric columns need more distinct values than this for KS / Wasserstein.</summary>
    public const int MinNumericUniqueValues = 5;

    public static DatasetDriftResult Run(ReferenceProfile reference, IReadOnlyList<ColumnData> current, DriftRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);

        var raw = new ColumnDriftResult[current.Count];
        // Columns are independent and CPU-bound (sorting dominates); spread them over the cores.
        Parallel.For(0, current.Count, i =>
        {
            var data = current[i];
            var profile = reference.Find(data.Name) ?? throw new ArgumentException($"Column '{data.Name}' is not in the reference profile.");
            if (profile.Kind != data.Kind) throw new ArgumentException($"Column '{data.Name}' is {data.Kind} but its reference is {profile.Kind}.");
            var columnOptions = options.Columns.GetValueOrDefault(data.Name) ?? new ColumnDriftOptions();
            raw[i] = ColumnTests.Evaluate(profile, data, columnOptions, options.DefaultMethod);
        });

        return Decide(raw, options.Correction, options.DriftShare);
    }

    /// <summary>Evidently's default test choice. Reference ≤ 1000 rows: KS for numeric columns with more
    /// than five distinct values, else chi2 (Evidently would use a z-test for ≤ 2 values; we keep chi2).
    /// Larger reference: normed Wasserstein for such numeric columns, else Jensen–Shannon. Distinct
    /// values are counted over reference ∪ current, as Evidently's registry does
    /// (<c>pd.concat([reference, current]).nunique()</c>).</summary>
    public static DriftMethod ResolveAutoMethod(ColumnKind kind, long referenceRows, int distinctValues)
    {
        var rich = kind == ColumnKind.Numeric && distinctValues > MinNumericUniqueValues;
        if (referenceRows <= SmallReferenceRows) return rich ? DriftMethod.Ks : DriftMethod.Chi2;
        return rich ? DriftMethod.Wasserstein : DriftMethod.JensenShannon;
    }

    /// <summary>Evidently's default thresholds: α = 0.05 for p-value tests, 0.1 for distances.</summary>
    public static double DefaultThreshold(DriftMethod method) => method switch
    {
        DriftMethod.Ks or DriftMethod.Chi2 => 0.05,
        DriftMethod.Wasserstein or DriftMethod.JensenShannon or DriftMethod.Psi or DriftMethod.Hellinger => 0.1,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static bool IsPValueMethod(DriftMethod method) => method is DriftMethod.Ks or DriftMethod.Chi2;

    /// <summary>Applies the correction across tested p-value columns, then each column's rule:
    /// KS p ≤ α, chi2 p &lt; α (Evidently's comparisons), distances ≥ threshold; the effect-size floor
    /// must also hold for p-value tests that set one.</summary>
    internal static DatasetDriftResult Decide(ColumnDriftResult[] raw, MultipleTestCorrection correction, double driftShare)
    {
        var pIndexes = Enumerable.Range(0, raw.Length)
            .Where(i => raw[i].Status == ColumnDriftStatus.Tested && raw[i].PValue is not null).ToArray();
        var adjusted = MultipleTesting.Adjust([.. pIndexes.Select(i => raw[i].PValue!.Value)], correction);
        var columns = (ColumnDriftResult[])raw.Clone();
        for (var k = 0; k < pIndexes.Length; k++) columns[pIndexes[k]] = columns[pIndexes[k]] with { AdjustedPValue = adjusted[k] };

        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            if (c.Status != ColumnDriftStatus.Tested) continue;
            var drifted = c.Method switch
            {
                DriftMethod.Ks => c.AdjustedPValue <= c.Threshold,
                DriftMethod.Chi2 => c.AdjustedPValue < c.Threshold,
                _ => c.Statistic >= c.Threshold,
            };
            if (drifted && IsPValueMethod(c.Method) && c.EffectSizeFloor is { } floor) drifted = c.EffectSize >= floor;
            columns[i] = c with { Drifted = drifted };
        }

        var tested = columns.Count(c => c.Status == ColumnDriftStatus.Tested);
        var driftedCount = columns.Count(c => c.Drifted);
        var share = tested == 0 ? 0.0 : driftedCount / (double)tested;
        return new DatasetDriftResult(columns, tested, driftedCount, share, driftShare, tested > 0 && share >= driftShare, correction);
    }
}
