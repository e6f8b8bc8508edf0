namespace MonitorHub.Core.Drift;

/// <summary>One-sided Kolmogorov–Smirnov tail Pr(D_n^+ ≥ x) (<c>scipy.special.smirnov</c>), ported from
/// scipy's cephes <c>_smirnov3</c>. scipy sums the Birnbaum–Tingey series in double-double; here each
/// term is formed in logarithms (log-binomial updated incrementally), which keeps the relative error
/// near 1e-10 even at n ≈ 10^6, far inside the 1e-6 p-value tolerance.</summary>
public static class Smirnov
{
    /// <summary>cephes MINLOG: exp() of anything below underflows.</summary>
    private const double MinLog = -7.451332191019412076235e2;

    private const int MaxComputeN = 1_000_000;
    private const int UpperMaxTerms = 3;
    private const int UpperSumMinN = 10;

    /// <summary><c>scipy.special.smirnov(n, x)</c>.</summary>
    public static double Sf(int n, double x)
    {
        if (!(n > 0 && x >= 0.0 && x <= 1.0)) return double.NaN;
        if (n == 1) return 1 - x;
        if (x == 0.0) return 1.0;
        if (x == 1.0) return 0.0;

        var alpha = ModNX(n, x, out var nxfl);
        var n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        var n1mxceil = n - nxfl;
        if (alpha == 0)
        {
            // Don't include the boundary term in either the lower or upper summation.
            n1mxfl -= 1;
            n1mxceil += 1;
        }

        if (nxfl == 0 || (nxfl == 1 && alpha == 0))
        {
            // x <= 1/n: closed form cdf = x (1+x)^(n-1).
            var t = Math.Exp((n - 1) * LogOnePlus(x));
            return Clip(1 - x * t);
        }

        if (-2 * n * x * x < MinLog) return 0.0;
        if (nxfl >= n - 1) return Clip(Math.Exp(n * LogOnePlus(-x)));
        if (n > MaxComputeN)
        {
            // scipy's approximation for very large n: p ~ exp(-(6nx+1)^2 / 18n).
            var logp = -Math.Pow(6 * n * x + 1.0, 2) / 18.0 / n;
            return Clip(Math.Exp(logp));
        }

        var nUpperTerms = n - n1mxceil + 1;
        var useUpperSum = (nUpperTerms <= 1 && x < 0.5)
                          || (n >= UpperSumMinN && nUpperTerms <= UpperMaxTerms && x <= 0.5 / Math.Sqrt(n));

        int start, step, nTerms;
        double firstTerm;
        if (useUpperSum)
        {
            (start, step, nTerms) = (n, -1, n - n1mxceil + 1);
            firstTerm = Math.Exp((n - 1) * LogOnePlus(x));
        }
        else
        {
            (start, step, nTerms) = (0, 1, n1mxfl + 1);
            firstTerm = Math.Exp(n * LogOnePlus(-x) - Math.Log(x));
        }

        var sum = firstTerm;
        var logBinomial = 0.0; // log C(n, j); C(n, v) = C(n, n - v) serves both directions.
        var vmid = n / 2;
        for (var j = 1; j < nTerms; j++)
        {
            logBinomial += Math.Log((double)(n - j + 1) / j);
            var v = start + j * step;
            var term = Term(n, x, v, logBinomial);
            if (double.IsFinite(term) && term != 0) sum += term;

            if (term != 0)
            {
                if (4.0 * (nTerms - j) * Math.Abs(term) < SpecialFunctions.DblEpsilon * sum && j != nTerms - 1) break;
            }
            else if (j > vmid)
            {
                break;
            }
        }

        var prob = x * sum;
        return Clip(step < 0 ? 1 - prob : prob);
    }

    /// <summary>A_v = C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), signed when the upper sum takes
    /// the base below zero.</summary>
    private static double Term(int n, double x, int v, double logBinomial)
    {
        var t1x = (double)v / n + x;
        var t2x = (double)(n - v) / n - x;
        var sign = t2x < 0 && ((n - v) & 1) == 1 ? -1.0 : 1.0;
        var log = logBinomial + (v - 1) * Math.Log(t1x) + (n - v) * Math.Log(Math.Abs(t2x));
        return sign * Math.Exp(log);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    private static double LogOnePlus(double x)
    {
        // log1p without losing the low bits of x: the classic (1+x)-1 correction.
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>floor(n·x) and its remainder computed exactly (n·x as a double-double via FMA).</summary>
    private static double ModNX(int n, double x, out int nxFloor)
    {
        var hi = n * x;
        var lo = Math.FusedMultiplyAdd(n, x, -hi);
        var fl = Math.Floor(hi);
        if (fl == hi) fl += Math.Floor(lo);
        var alpha = (hi - fl) + lo;
        nxFloor = (int)fl;
        if (alpha >= 1)
        {
            nxFloor += 1;
            alpha = 0;
        }

        return alpha;
    }
}
