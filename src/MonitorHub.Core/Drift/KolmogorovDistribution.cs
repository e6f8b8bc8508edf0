namespace MonitorHub.Core.Drift;

/// <summary>Survival function of the finite-n two-sided one-sample KS statistic D_n
/// (<c>scipy.stats.kstwo</c>), ported from scipy 1.10's <c>_ksstats._kolmogn</c>: the Simard–L'Ecuyer
/// choice between Ruben–Gambino closed forms, Durbin's matrix (Marsaglia–Tsang–Wang), Pomeranz's
/// recursion, the Pelz–Good expansion and twice the one-sided Smirnov tail.</summary>
public static partial class KolmogorovDistribution
{
    // Power-of-two rescaling shared by the Durbin and Pomeranz partials, which would under- or
    // overflow doubles for large n.
    private const int E128 = 128;
    private static readonly double Ep128 = Math.ScaleB(1.0, E128);
    private static readonly double Em128 = Math.ScaleB(1.0, -E128);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    private static readonly double[] StirlingCoeffs =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary><c>kstwo.sf(d, n)</c> including rv_continuous's support handling (1 at or below 0.5/n, 0 at 1).</summary>
    public static double KstwoSf(double d, double n)
    {
        if (double.IsNaN(d) || !(n >= 1) || n != Math.Round(n)) return double.NaN;
        if (d <= 0.5 / n) return 1.0;
        if (d >= 1.0) return 0.0;
        return Sf((int)n, d);
    }

    /// <summary>scipy's <c>_kolmogn(n, x, cdf=False)</c>.</summary>
    internal static double Sf(int n, double x)
    {
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: 1/2n <= x <= 1/n.
            if (t <= 0.5) return 1.0;
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (var i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
            }
            else
            {
                prob = Math.Exp(LogNFactorialDivNPowN(n) + n * Math.Log(2 * t - 1));
            }

            return Clip(1.0 - prob);
        }

        if (t >= n - 1) return Clip(2 * Math.Pow(1.0 - x, n));
        if (x >= 0.5) return Clip(2 * Smirnov.Sf(n, x));

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693) return Clip(1.0 - DurbinMatrixCdf(n, x));
            if (nxSquared <= 4) return Clip(1.0 - PomeranzCdf(n, x));
            return Clip(2 * Smirnov.Sf(n, x));
        }

        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Clip(2 * Smirnov.Sf(n, x));
        var cdf = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinMatrixCdf(n, x) : PelzGoodCdf(n, x);
        return Clip(1.0 - cdf);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    /// <summary>log(n!/n^n) by Stirling with n·log n removed up front (no subtractive cancellation).</summary>
    private static double LogNFactorialDivNPowN(int n)
    {
        var rn = 1.0 / n;
        var y = 0.0;
        foreach (var c in StirlingCoeffs) y = y * (rn / n) + c;
        return Math.Log(n) / 2 - n + Log2Pi / 2 + rn * y;
    }
}
