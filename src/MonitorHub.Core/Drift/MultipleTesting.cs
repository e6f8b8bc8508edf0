namespace MonitorHub.Core.Drift;

/// <summary>Correction of per-column p-values for testing many columns at once.</summary>
public enum MultipleTestCorrection
{
    None,

    /// <summary>Adjusted p = min(1, p·m), compared with the unchanged α (equivalent to p ≤ α/m).</summary>
    Bonferroni,

    /// <summary>Benjamini–Hochberg step-up adjusted p-values (scipy's false_discovery_control,
    /// statsmodels 'fdr_bh'), compared with the unchanged α.</summary>
    BenjaminiHochberg,
}

public static class MultipleTesting
{
    /// <summary>Adjusted p-values in input order. Adjusting the p-values (rather than α) keeps one
    /// comparison rule for every correction and gives the UI a number to show per column.</summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues, MultipleTestCorrection correction)
    {
        var m = pValues.Length;
        var adjusted = pValues.ToArray();
        switch (correction)
        {
            case MultipleTestCorrection.None:
                return adjusted;
            case MultipleTestCorrection.Bonferroni:
                for (var i = 0; i < m; i++) adjusted[i] = Math.Min(1.0, pValues[i] * m);
                return adjusted;
            case MultipleTestCorrection.BenjaminiHochberg:
                var order = new int[m];
                for (var i = 0; i < m; i++) order[i] = i;
                var keys = pValues.ToArray();
                Array.Sort(keys, order);
                var running = double.PositiveInfinity;
                for (var rank = m; rank >= 1; rank--)
                {
                    var idx = order[rank - 1];
                    var scaled = pValues[idx] * (m / (double)rank);
                    running = Math.Min(running, scaled);
                    adjusted[idx] = Math.Clamp(running, 0, 1);
                }

                return adjusted;
            default:
                throw new ArgumentOutOfRangeException(nameof(correction));
        }
    }
}
