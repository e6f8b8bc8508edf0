namespace MonitorHub.Core.Drift;

/// <summary>How a KS p-value was obtained (scipy's <c>method='auto'</c> choice, including its fallback).</summary>
public enum KsPValueMethod
{
    Exact,
    Asymptotic,
}

/// <summary>Result of a two-sided two-sample KS test.</summary>
public readonly record struct KsResult(double Statistic, double PValue, KsPValueMethod Method);

/// <summary>Two-sided two-sample Kolmogorov–Smirnov test, matching
/// <c>scipy.stats.ks_2samp(a, b, alternative='two-sided', method='auto')</c> of scipy 1.10.</summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: the exact distribution is attempted while both sizes are at most this.</summary>
    public const int MaxExactSampleSize = 10_000;

    /// <summary>Test on two ascending-sorted samples without NaN (neither is copied: a stored sorted
    /// reference is used as is). Throws when either sample is empty, as scipy does.</summary>
    public static KsResult TwoSample(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n1 = sortedA.Length, n2 = sortedB.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("KS needs two non-empty samples.");
        var d = Statistic(sortedA, sortedB);

        if (Math.Max(n1, n2) <= MaxExactSampleSize)
        {
            var (success, exactD, p) = AttemptExact(n1, n2, d);
            d = exactD;
            if (success) return new KsResult(d, Math.Clamp(p, 0, 1), KsPValueMethod.Exact);
            // scipy warns and falls through to the asymptotic distribution with the rounded d.
        }

        return new KsResult(d, AsymptoticPValue(n1, n2, d), KsPValueMethod.Asymptotic);
    }

    /// <summary>Convenience overload for unsorted input; copies and sorts both samples.</summary>
    public static KsResult TwoSampleUnsorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sa = a.ToArray();
        var sb = b.ToArray();
        Array.Sort(sa);
        Array.Sort(sb);
        return TwoSample(sa, sb);
    }

    /// <summary>max |F1 − F2| over the pooled values. scipy evaluates
    /// <c>searchsorted(data, data_all, 'right') / n</c> at every pooled value; walking both sorted
    /// arrays once per distinct value produces the same float differences (ties included) with no allocation.</summary>
    public static double Statistic(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n1 = sortedA.Length, n2 = sortedB.Length;
        double dn1 = n1, dn2 = n2;
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            while (i < n1 && sortedA[i] <= v) i++;
            while (j < n2 && sortedB[j] <= v) j++;
            var diff = i / dn1 - j / dn2;
            if (diff > max) max = diff;
            if (diff < min) min = diff;
        }

        var minS = Math.Clamp(-min, 0, 1);
        return minS > max ? minS : max;
    }

    /// <summary>scipy's asymptotic branch: <c>kstwo.sf(d, round(m·n/(m+n)))</c>.</summary>
    public static double AsymptoticPValue(int n1, int n2, double d)
    {
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        var rounded = Math.Round(en, MidpointRounding.ToEven);
        return Math.Clamp(KolmogorovDistribution.KstwoSf(d, rounded), 0, 1);
    }

    /// <summary>scipy's <c>_attempt_exact_2kssamp</c> (two-sided): d is snapped to h/lcm, then the
    /// lattice-path probability is computed; a result outside [0, 1] counts as failure.</summary>
    internal static (bool Success, double D, double P) AttemptExact(int n1, int n2, double d)
    {
        long g = Gcd(n1, n2);
        var lcm = n1 / g * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        d = h * 1.0 / lcm;
        if (h == 0) return (true, d, 1.0);
        var p = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInside(n1, n2, g, h);
        return p is >= 0 and <= 1 ? (true, d, p) : (false, d, p);
    }

    /// <summary>scipy's <c>_compute_prob_outside_square</c>: Pr(D_{n,n} ≥ h/n) by the Horner-like
    /// alternating sum, which avoids the subtractive cancellation of the binomial form.</summary>
    internal static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = n / h;
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++) p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    /// <summary>scipy's <c>_compute_outer_prob_inside_method</c> (Viehmann's recursion for 1 − p): one
    /// sliding column of the lattice-path table, scaled so entries stay probabilities.</summary>
    internal static double OuterProbInside(long m, long n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = (int)Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var x = minj; x < Math.Min(maxj, lenA); x++) a[x] = 0.0;

        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((ng * i - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((ng * i + h) / (double)mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                // Carried-over entries beyond the window become 1 (numpy slice assignment clips at the end).
                var end = Math.Min(maxj - minj + (lastlen - curlen), lenA);
                for (var x = maxj - minj; x < end; x++) a[x] = 1;
            }
        }

        return a[maxj - minj - 1];
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
