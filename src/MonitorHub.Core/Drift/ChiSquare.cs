namespace MonitorHub.Core.Drift;

/// <summary>Result of a chi-square test of independence.</summary>
public readonly record struct ChiSquareResult(double Statistic, double PValue, int Dof);

/// <summary><c>scipy.stats.chi2_contingency</c> (scipy 1.10, correction=True, lambda_=None) on the
/// 2×k table (reference row, current row) over the union of categories.</summary>
public static class ChiSquare
{
    /// <summary>Counts are aligned by category (index i is the same category in both rows). Returns
    /// null where scipy raises: a zero expected frequency, i.e. an all-zero row or column.</summary>
    public static ChiSquareResult? Contingency(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        if (referenceCounts.Length != currentCounts.Length) throw new ArgumentException("Rows must have the same categories.");
        var k = referenceCounts.Length;
        if (k == 0) return null;

        // scipy casts to float64 and sums; integer-valued sums are exact below 2^53.
        double r0 = 0, r1 = 0;
        for (var j = 0; j < k; j++)
        {
            if (referenceCounts[j] < 0 || currentCounts[j] < 0) throw new ArgumentException("Counts must be non-negative.");
            r0 += referenceCounts[j];
            r1 += currentCounts[j];
        }

        var total = r0 + r1;
        var observed = new double[2 * k];
        var expected = new double[2 * k];
        for (var j = 0; j < k; j++)
        {
            double c = referenceCounts[j] + currentCounts[j];
            observed[j] = referenceCounts[j];
            observed[k + j] = currentCounts[j];
            expected[j] = r0 * c / total;
            expected[k + j] = r1 * c / total;
        }

        foreach (var e in expected)
        {
            if (e == 0) return null;
        }

        var dof = k - 1; // (rows-1)(cols-1) for two rows.
        if (dof == 0)
        {
            // scipy's degenerate case: one category, observed == expected.
            return new ChiSquareResult(0.0, 1.0, 0);
        }

        if (dof == 1)
        {
            // Yates' continuity correction; the shift never exceeds the difference (scipy gh-13875).
            for (var i = 0; i < observed.Length; i++)
            {
                var diff = expected[i] - observed[i];
                observed[i] += Math.Min(0.5, Math.Abs(diff)) * Math.Sign(diff);
            }
        }

        var terms = new double[2 * k];
        for (var i = 0; i < terms.Length; i++)
        {
            var d = observed[i] - expected[i];
            terms[i] = d * d / expected[i];
        }

        var statistic = NumericSums.Pairwise(terms);
        return new ChiSquareResult(statistic, SpecialFunctions.ChiSquareSf(statistic, dof), dof);
    }
}
