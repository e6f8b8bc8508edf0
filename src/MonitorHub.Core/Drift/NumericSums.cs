namespace MonitorHub.Core.Drift;

/// <summary>Summation orders that reproduce numpy's results bit for bit (pairwise) or to within
/// an ulp of the exact sum (Neumaier) without materialising the terms.</summary>
internal static class NumericSums
{
    private const int BlockSize = 128;

    /// <summary>numpy's <c>pairwise_sum</c>, which <c>np.sum</c> uses for contiguous float64 arrays:
    /// matching its order keeps PSI/JS/chi2 equal to scipy's last bit rather than merely close.</summary>
    public static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++) res += a[i];
            return res;
        }

        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }

    /// <summary>Compensated running sum for streams too long to buffer (the Wasserstein merge).</summary>
    public struct Neumaier
    {
        private double _sum;
        private double _compensation;

        public void Add(double value)
        {
            var t = _sum + value;
            _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
            _sum = t;
        }

        public readonly double Value => _sum + _compensation;
    }
}
