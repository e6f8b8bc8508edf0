namespace MonitorHub.Core.Drift;

public static partial class SpecialFunctions
{
    private const double Sqrt1_2 = 0.70710678118654752440;

    /// <summary>erfc(x) for x ≥ 0 through the incomplete gamma: erfc(x) = Q(½, x²), which keeps full
    /// relative accuracy far into the tail where 1 − erf(x) would cancel to nothing.</summary>
    private static double ErfcNonNegative(double x) => x == 0 ? 1.0 : GammaQ(0.5, x * x);

    /// <summary>Standard normal CDF Φ(x), <c>scipy.special.ndtr</c> (split at |x|/√2 = 1/√2 as cephes
    /// does, so both tails keep their relative accuracy).</summary>
    public static double NormalCdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 1.0;
        if (double.IsNegativeInfinity(x)) return 0.0;
        var t = x * Sqrt1_2;
        var z = Math.Abs(t);
        if (z < Sqrt1_2)
        {
            var erf = GammaP(0.5, z * z);
            return 0.5 + 0.5 * (t < 0 ? -erf : erf);
        }

        var y = 0.5 * ErfcNonNegative(z);
        return t > 0 ? 1.0 - y : y;
    }

    /// <summary>Standard normal survival 1 − Φ(x), <c>scipy.stats.norm.sf</c> (= ndtr(−x)).</summary>
    public static double NormalSf(double x) => NormalCdf(-x);

    /// <summary>Standard normal quantile Φ⁻¹(p), <c>scipy.special.ndtri</c>: Acklam's rational
    /// approximation (~1e-9) polished by one Halley step on the accurate CDF (~1e-15).</summary>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;

        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
                ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
                (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
                ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }

        // Halley refinement; the error term uses the tail that p lies in so it does not cancel.
        for (var i = 0; i < 2; i++)
        {
            // Φ(x) − p; for p ≥ ½, 1 − p is exact, so (1 − p) − Q(x) does not cancel the way Φ(x) − p would.
            var e = p < 0.5 ? NormalCdf(x) - p : (1 - p) - NormalSf(x);
            var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + x * u / 2);
        }

        return x;
    }

    private static readonly double[] A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>Binomial CDF P(X ≤ k) for X ~ Bin(n, ½) (<c>scipy.stats.binom.cdf(k, n, 0.5)</c>): the
    /// pmf terms summed from k downwards, each from its neighbour, so a far tail keeps its relative accuracy.</summary>
    public static double BinomialHalfCdf(long k, long n)
    {
        if (n < 0) return double.NaN;
        if (k < 0) return 0.0;
        if (k >= n) return 1.0;
        if (2 * k + 1 > n)
        {
            // Upper half: the complement is a short tail summed the same way (symmetry of p = ½).
            return 1.0 - BinomialHalfCdf(n - k - 1, n);
        }

        var logTerm = LogGamma(n + 1.0) - LogGamma(k + 1.0) - LogGamma(n - k + 1.0) - n * Math.Log(2);
        var term = Math.Exp(logTerm);
        var sum = 0.0;
        for (var i = k; i >= 0; i--)
        {
            sum += term;
            if (term < sum * DblEpsilon * 1e-2) break;
            term *= i / (double)(n - i + 1); // pmf(i−1) = pmf(i)·i/(n−i+1)
        }

        return Math.Min(1.0, sum);
    }
}
