using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>How a Wilcoxon p-value was obtained.</summary>
public enum WilcoxonMethod
{
    Exact,
    Approximate,
}

/// <summary>Wilcoxon signed-rank result: the statistic as scipy returns it (min of the signed-rank sums)
/// and the number of non-zero differences that were ranked.</summary>
public readonly record struct WilcoxonResult(double Statistic, double PValue, WilcoxonMethod Method, int Ranked);

/// <summary>Paired Wilcoxon signed-rank test on x − y with scipy 1.10's defaults:
/// <c>scipy.stats.wilcoxon(x, y)</c> = zero_method='wilcox', correction=False, two-sided, mode 'auto'.</summary>
/// <remarks>scipy's quirks are kept on purpose so the numbers agree: 'auto' means the exact null
/// distribution for at most 50 pairs unless a difference is zero (then the normal approximation, with
/// the zeros dropped); the exact branch ignores ties and looks up int(r⁺), truncated.</remarks>
public static class Wilcoxon
{
    /// <summary>scipy's 'auto' switch: exact up to this many pairs.</summary>
    public const int MaxExactPairs = 50;

    /// <summary>Throws when the lengths differ, a sample is empty, a value is NaN, or every difference
    /// is zero (scipy raises: the test has nothing to rank).</summary>
    public static WilcoxonResult Test(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("The paired samples must have the same length.");
        if (x.Length == 0) throw new ArgumentException("Wilcoxon needs at least one pair.");

        var d = new double[x.Length];
        var zeros = 0;
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = x[i] - y[i];
            if (double.IsNaN(d[i])) throw new ArgumentException("Samples must not contain NaN (or ∞ − ∞).");
            if (d[i] == 0) zeros++;
        }

        var exact = d.Length <= MaxExactPairs && zeros == 0;
        if (!exact)
        {
            if (zeros == d.Length) throw new ArgumentException("Every difference is zero: there is nothing to rank.");
            if (zeros > 0) d = Array.FindAll(d, v => v != 0);
        }

        var (rPlus, rMinus, tieCorrection) = SignedRankSums(d);
        var statistic = Math.Min(rPlus, rMinus);
        return exact
            ? new WilcoxonResult(statistic, ExactPValue(d.Length, (long)rPlus), WilcoxonMethod.Exact, d.Length)
            : new WilcoxonResult(statistic, ApproximatePValue(d.Length, statistic, tieCorrection), WilcoxonMethod.Approximate, d.Length);
    }

    /// <summary>Average ranks of |d| split by sign, and Σ t(t² − 1) over tied groups.</summary>
    private static (double Plus, double Minus, long TieTerm) SignedRankSums(double[] d)
    {
        var byMagnitude = (double[])d.Clone();
        Array.Sort(byMagnitude, (a, b) => Math.Abs(a).CompareTo(Math.Abs(b)));
        double plus = 0, minus = 0;
        long tieTerm = 0;
        var i = 0;
        while (i < byMagnitude.Length)
        {
            var magnitude = Math.Abs(byMagnitude[i]);
            var end = i;
            while (end < byMagnitude.Length && Math.Abs(byMagnitude[end]) == magnitude) end++;
            long t = end - i;
            var rank = i + (t + 1) / 2.0;
            for (var k = i; k < end; k++)
            {
                if (byMagnitude[k] > 0) plus += rank;
                else if (byMagnitude[k] < 0) minus += rank;
            }

            if (t > 1) tieTerm += t * (t * t - 1);
            i = end;
        }

        return (plus, minus, tieTerm);
    }

    private static double ApproximatePValue(int count, double statistic, long tieTerm)
    {
        var mn = count * (count + 1.0) * 0.25;
        var se = count * (count + 1.0) * (2.0 * count + 1.0);
        se -= 0.5 * tieTerm;
        se = Math.Sqrt(se / 24);
        var z = (statistic - mn) / se;
        return 2.0 * SpecialFunctions.NormalSf(Math.Abs(z));
    }

    private static double ExactPValue(int n, long rPlus)
    {
        var pmf = ExactDistribution(n);
        if (rPlus == (pmf.Length - 1) / 2) return 1.0; // the centre of the distribution
        double less = 0, greater = 0;
        for (var r = 0; r <= rPlus; r++) less += pmf[r];
        for (var r = rPlus; r < pmf.Length; r++) greater += pmf[r];
        return Math.Clamp(2 * Math.Min(greater, less), 0, 1);
    }

    /// <summary>Null pmf of r⁺ over 0..n(n+1)/2 by scipy's recursion: adding rank k either leaves
    /// r⁺ alone or adds k, each with probability ½.</summary>
    internal static double[] ExactDistribution(int n)
    {
        var c = new double[n * (n + 1) / 2 + 1];
        c[0] = 1;
        var top = 0;
        for (var k = 1; k <= n; k++)
        {
            top += k;
            for (var r = top; r >= 0; r--) c[r] = 0.5 * c[r] + (r >= k ? 0.5 * c[r - k] : 0);
        }

        return c;
    }
}
