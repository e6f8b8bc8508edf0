using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>A two-sided test's statistic and p-value.</summary>
public readonly record struct TestOutcome(double Statistic, double PValue);

/// <summary>Two-sided Mann-Whitney U test, exactly <c>scipy.stats.mannwhitneyu(x, y,
/// method='asymptotic', use_continuity=True)</c> of scipy 1.10: the statistic is U of x, the
/// p-value the normal approximation with the tie-corrected variance and a continuity correction.</summary>
public static class MannWhitney
{
    /// <summary>Copies and sorts both samples, then tests them. Throws on an empty sample or NaN.</summary>
    public static TestOutcome Test(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sx = SortedCopy(x, nameof(x));
        var sy = SortedCopy(y, nameof(y));
        return TestSorted(sx, sy);
    }

    /// <summary>Test on two ascending-sorted samples: one merge walk ranks the pooled sample
    /// (average ranks for ties) without building it, so the cost is the two sorts.</summary>
    public static TestOutcome TestSorted(ReadOnlySpan<double> sortedX, ReadOnlySpan<double> sortedY)
    {
        long n1 = sortedX.Length, n2 = sortedY.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("Mann-Whitney needs two non-empty samples.");

        // Rank sums of half-integers stay exact in a double far beyond any sample we accept.
        double r1 = 0;
        long tieTerm = 0;
        int i = 0, j = 0;
        long below = 0; // values ranked so far
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || sortedX[i] <= sortedY[j]) ? sortedX[i] : sortedY[j];
            long cx = 0, cy = 0;
            while (i < n1 && sortedX[i] == v) { i++; cx++; }
            while (j < n2 && sortedY[j] == v) { j++; cy++; }
            var t = cx + cy;
            var averageRank = below + (t + 1) / 2.0;
            r1 += cx * averageRank;
            tieTerm += t * t * t - t;
            below += t;
        }

        var u1 = r1 - n1 * (n1 + 1) / 2.0;
        var u2 = n1 * n2 - u1;
        var u = Math.Max(u1, u2);

        // scipy's _get_mwu_z, operation for operation.
        var mu = n1 * n2 / 2.0;
        var n = n1 + n2;
        var s = Math.Sqrt(n1 * n2 / 12.0 * ((n + 1) - tieTerm / (double)(n * (n - 1))));
        var z = (u - mu - 0.5) / s;
        var p = 2 * SpecialFunctions.NormalSf(z);
        return new TestOutcome(u1, double.IsNaN(p) ? double.NaN : Math.Clamp(p, 0, 1));
    }

    internal static double[] SortedCopy(ReadOnlySpan<double> values, string name)
    {
        var copy = values.ToArray();
        foreach (var v in copy)
        {
            if (double.IsNaN(v)) throw new ArgumentException("Samples must not contain NaN.", name);
        }

        Array.Sort(copy);
        return copy;
    }
}
