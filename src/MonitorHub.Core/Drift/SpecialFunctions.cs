namespace MonitorHub.Core.Drift;

/// <summary>Gamma-family special functions (Core takes no MathNet dependency); the normal and
/// binomial distributions built on them are in SpecialFunctions.Distributions.cs.</summary>
public static partial class SpecialFunctions
{
    /// <summary>C's DBL_EPSILON (2^-52); <see cref="double.Epsilon"/> is the smallest subnormal instead.</summary>
    internal const double DblEpsilon = 2.220446049250313e-16;

    private const double LogSqrt2Pi = 0.91893853320467274178032973640561764;

    // Lanczos (g = 607/128, n = 15) coefficients as used by Boost/Godfrey: ~1e-15 relative on (0.5, 15).
    private const double LanczosG = 4.7421875;

    private static readonly double[] Lanczos =
    [
        0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
        -0.49191381609762019978, .33994649984811888699e-4, .46523628927048575665e-4, -.98374475304879564677e-4,
        .15808870322491248884e-3, -.21026444172410488319e-3, .21743961811521264320e-3, -.16431810653676389022e-3,
        .84418223983852743293e-4, -.26190838401581408670e-4, .36899182659531622704e-5,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x) || x <= 0) return double.NaN;
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        if (x >= 15)
        {
            // Stirling with Bernoulli corrections: the cancellation-free form for large x.
            var inv = 1.0 / x;
            var inv2 = inv * inv;
            var series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188)))));
            return (x - 0.5) * Math.Log(x) - x + LogSqrt2Pi + series;
        }

        var y = x - 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (y + i);
        var t = y + LanczosG + 0.5;
        return LogSqrt2Pi + (y + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) (cephes <c>igamc</c>).</summary>
    public static double GammaQ(double a, double x)
    {
        if (double.IsNaN(a) || double.IsNaN(x) || a <= 0 || x < 0) return double.NaN;
        if (x == 0) return 1.0;
        if (double.IsPositiveInfinity(x)) return 0.0;
        return x < a + 1 ? 1.0 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x).</summary>
    public static double GammaP(double a, double x)
    {
        if (double.IsNaN(a) || double.IsNaN(x) || a <= 0 || x < 0) return double.NaN;
        if (x == 0) return 0.0;
        if (double.IsPositiveInfinity(x)) return 1.0;
        return x < a + 1 ? LowerSeries(a, x) : 1.0 - UpperContinuedFraction(a, x);
    }

    /// <summary>Chi-square survival function, <c>scipy.stats.chi2.sf(x, dof)</c> (cephes <c>chdtrc</c>).</summary>
    public static double ChiSquareSf(double x, double dof)
    {
        if (double.IsNaN(x) || !(dof > 0)) return double.NaN;
        return x < 0 ? 1.0 : GammaQ(dof / 2.0, x / 2.0);
    }

    private static double Prefactor(double a, double x) => Math.Exp(a * Math.Log(x) - x - LogGamma(a));

    private static double LowerSeries(double a, double x)
    {
        var ap = a;
        var term = 1.0 / a;
        var sum = term;
        for (var n = 0; n < 100_000; n++)
        {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * DblEpsilon) break;
        }

        return sum * Prefactor(a, x);
    }

    private static double UpperContinuedFraction(double a, double x)
    {
        // Modified Lentz evaluation of the Legendre continued fraction.
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 100_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < DblEpsilon) break;
        }

        return Prefactor(a, x) * h;
    }
}
