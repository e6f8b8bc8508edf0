namespace MonitorHub.Core.Drift;

/// <summary>Distribution distances on aligned share vectors (histogram bins or categories) and the
/// sorted-merge Wasserstein distance.</summary>
public static class Distances
{
    /// <summary>Evidently's replacement for an empty share before PSI (a zero would make ln infinite).</summary>
    public const double PsiEmptyShare = 0.0001;

    /// <summary>Population std floor Evidently uses when normalising Wasserstein (constant reference).</summary>
    public const double WassersteinStdFloor = 0.001;

    /// <summary>counts / total as numpy divides an int array by an int.</summary>
    public static double[] Shares(ReadOnlySpan<long> counts, long total)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++) shares[i] = counts[i] / (double)total;
        return shares;
    }

    /// <summary><c>scipy.spatial.distance.jensenshannon(p, q)</c> with the natural log: both vectors
    /// are renormalised to sum 1 first. A rounding-negative divergence is clamped to 0 (never NaN).</summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("Vectors must be aligned.");
        var sp = NumericSums.Pairwise(p);
        var sq = NumericSums.Pairwise(q);
        var left = new double[p.Length];
        var right = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            left[i] = RelEntr(pi, m);
            right[i] = RelEntr(qi, m);
        }

        var js = NumericSums.Pairwise(left) + NumericSums.Pairwise(right);
        return Math.Sqrt(Math.Max(js / 2.0, 0.0));
    }

    /// <summary>Population stability index Σ (r − c)·ln(r/c), empty shares replaced by 0.0001 first.</summary>
    public static double Psi(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        if (referenceShares.Length != currentShares.Length) throw new ArgumentException("Vectors must be aligned.");
        var terms = new double[referenceShares.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var r = referenceShares[i] == 0 ? PsiEmptyShare : referenceShares[i];
            var c = currentShares[i] == 0 ? PsiEmptyShare : currentShares[i];
            terms[i] = (r - c) * Math.Log(r / c);
        }

        return NumericSums.Pairwise(terms);
    }

    /// <summary>Hellinger distance sqrt(1 − Σ sqrt(r·c)); the coefficient is summed in order (as
    /// Evidently's loop does) and a rounding excess over 1 gives 0 rather than NaN.</summary>
    public static double Hellinger(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        if (referenceShares.Length != currentShares.Length) throw new ArgumentException("Vectors must be aligned.");
        var coefficient = 0.0;
        for (var i = 0; i < referenceShares.Length; i++) coefficient += Math.Sqrt(referenceShares[i] * currentShares[i]);
        return coefficient <= 1 ? Math.Sqrt(1 - coefficient) : 0.0;
    }

    /// <summary><c>scipy.stats.wasserstein_distance(a, b)</c> on ascending-sorted samples: the integral of
    /// |F_a − F_b| walked over the merged values, with scipy's per-interval terms summed compensated.</summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int na = sortedA.Length, nb = sortedB.Length;
        if (na == 0 || nb == 0) throw new ArgumentException("Wasserstein needs two non-empty samples.");
        double dna = na, dnb = nb;
        var sum = new NumericSums.Neumaier();
        int i = 0, j = 0;
        var v = Math.Min(sortedA[0], sortedB[0]);
        while (true)
        {
            while (i < na && sortedA[i] <= v) i++;
            while (j < nb && sortedB[j] <= v) j++;
            if (i == na && j == nb) break;
            var next = i < na && (j >= nb || sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            sum.Add(Math.Abs(i / dna - j / dnb) * (next - v));
            v = next;
        }

        return sum.Value;
    }

    /// <summary>Evidently's normed Wasserstein: distance / max(population std of reference, 0.001).</summary>
    public static double WassersteinNormed(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double referenceStd)
        => Wasserstein(sortedReference, sortedCurrent) / Math.Max(referenceStd, WassersteinStdFloor);

    /// <summary>numpy's population standard deviation (ddof = 0), two-pass with compensated sums.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var sum = new NumericSums.Neumaier();
        foreach (var v in values) sum.Add(v);
        var mean = sum.Value / values.Length;
        var squares = new NumericSums.Neumaier();
        foreach (var v in values) squares.Add((v - mean) * (v - mean));
        return Math.Sqrt(squares.Value / values.Length);
    }

    private static double RelEntr(double x, double y)
    {
        if (x > 0 && y > 0) return x * Math.Log(x / y);
        return x == 0 && y >= 0 ? 0.0 : double.PositiveInfinity;
    }
}
