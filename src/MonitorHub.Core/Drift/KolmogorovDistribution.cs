namespace MonitorHub.Core.Drift;

/// <summary>Survival function of the finite-n two-sided one-sample KS statistic D_n
/// (<c>scipy.stats.kstwo</c>), ported from scipy 1.10's <c>_ksstats._kolmogn</c>: the Simard–L'Ecuyer
/// choice between Ruben–Gambino closed forms, Durbin's matrix (Marsaglia–Tsang–Wang), Pomeranz's
/// recursion, the Pelz–Good expansion and twice the one-sided Smirnov tail.</summary>
public static class KolmogorovDistribution
{
    private const int E128 = 128;
    private static readonly double Ep128 = Math.ScaleB(1.0, E128);
    private static readonly double Em128 = Math.ScaleB(1.0, -E128);
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);
    private const double MinLog = -708;
    private static readonly double Sqrt3 = Math.Sqrt(3);
    private const double PiSquared = Math.PI * Math.PI;
    private const double PiFour = PiSquared * PiSquared;
    private const double PiSix = PiFour * PiSquared;

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

    /// <summary>Durbin's matrix algorithm via Marsaglia–Tsang–Wang: the k-th diagonal entry of H^n,
    /// with power-of-two rescaling tracked in separate exponents.</summary>
    internal static double DurbinMatrixCdf(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        var nd = n * d;
        if (nd <= 0.5) return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;

        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }

        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;

        var hm = new double[m * m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++) hm[r * m + i] = w[r - (i - 1)];
        }

        for (var r = 0; r < m; r++) hm[r * m] = v[r];
        for (var c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

        var hpwr = new double[m * m];
        for (var i = 0; i < m; i++) hpwr[i * m + i] = 1.0;
        var scratch = new double[m * m];
        var nn = n;
        var expnt = 0;
        var hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                MatMul(hpwr, hm, scratch, m);
                (hpwr, scratch) = (scratch, hpwr);
                expnt += hExpnt;
            }

            MatMul(hm, hm, scratch, m);
            (hm, scratch) = (scratch, hm);
            hExpnt *= 2;
            if (Math.Abs(hm[(k - 1) * m + (k - 1)]) > Ep128)
            {
                for (var i = 0; i < hm.Length; i++) hm[i] /= Ep128;
                hExpnt += E128;
            }

            nn /= 2;
        }

        var p = hpwr[(k - 1) * m + (k - 1)];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                expnt -= E128;
            }
        }

        if (expnt != 0) p = Math.ScaleB(p, expnt);
        return Clip(p);
    }

    private static void MatMul(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var k = 0; k < m; k++)
            {
                var aik = a[row + k];
                if (aik == 0) continue;
                var brow = k * m;
                for (var j = 0; j < m; j++) result[row + j] += aik * b[brow + j];
            }
        }
    }

    /// <summary>Pomeranz's recursion: rows are convolutions with (almost) Poisson weights; only two
    /// rows and their non-zero windows are kept.</summary>
    internal static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = 1.0 * (t - ll);
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzJ1J2(0, n, ll, ceilf, roundf);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, j2) = PomeranzJ1J2(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == 2 * n + 1 ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 <= 0) continue;

            // np.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]) with numpy's slice clipping, keeping
            // only the entries [j1-k1, j1-k1+convLen) that the row needs.
            var aStart = k1 - v0s;
            var aLen = Math.Min(ln2, npwrs - aStart);
            var bLen = Math.Min(ln2, npwrs);
            var convStart = j1 - k1;
            var convLen = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < convLen; c++)
            {
                var idx = convStart + c;
                var s = 0.0;
                var lo = Math.Max(0, idx - (bLen - 1));
                var hi = Math.Min(aLen - 1, idx);
                for (var q = lo; q <= hi; q++) s += v0[aStart + q] * pwrs[idx - q];
                v1[c] = s;
                if (s > max) max = s;
            }

            if (max > 0 && max < Em128)
            {
                for (var c = 0; c < v1.Length; c++) v1[c] *= Ep128;
                expnt -= E128;
            }

            v1s = v0s + j1 - k1;
        }

        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > Ep128)
            {
                ans *= Em128;
                expnt += E128;
            }

            ans *= m;
        }

        if (expnt != 0) ans = Math.ScaleB(ans, expnt);
        return Clip(ans);
    }

    private static (int J1, int J2) PomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilf - 1, ll + ceilf - 1);
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                (j1, j2) = ip1div2 == n + 1
                    ? (n - ll - ceilf - 1, n + ll + ceilf - 1)
                    : (ip1div2 - 1 - ll - roundf - 1, ip1div2 + ll - 1 + ceilf - 1);
            }
            else
            {
                (j1, j2) = (ip1div2 - 1 - ll - 1, ip1div2 + ll + roundf - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pelz–Good asymptotic expansion of Pr(D_n ≤ x), suited to small x·sqrt(n).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        var z = Math.Sqrt(n) * x;
        double zsquared = z * z, zthree = z * z * z, zfour = zsquared * zsquared, zsix = Math.Pow(z, 6);
        var qlog = -PiSquared / 8 / zsquared;
        if (qlog < MinLog) return 0.0;
        var q = Math.Exp(qlog);

        var k1a = -zsquared;
        var k1b = PiSquared / 4;
        var k2a = 6 * zsix + 2 * zfour;
        var k2b = (2 * zfour - 5 * zsquared) * PiSquared / 4;
        var k2c = PiFour * (1 - 2 * zsquared) / 16;
        var k3d = PiSix * (5 - 30 * zsquared) / 64;
        var k3c = PiFour * (-60 * zsquared + 212 * zfour) / 16;
        var k3b = PiSquared * (135 * zfour - 96 * zsix) / 4;
        var k3a = -30 * zsix - 90 * Math.Pow(z, 8);

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1;
            double msquared = m * m, mfour = Math.Pow(m, 4), msix = Math.Pow(m, 6);
            var qpower = Math.Pow(q, 8 * k);
            s0 = s0 * qpower + 1.0;
            s1 = s1 * qpower + (k1a + k1b * msquared);
            s2 = s2 * qpower + (k2a + k2b * msquared + k2c * mfour);
            s3 = s3 * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
        }

        s0 = s0 * q * Sqrt2Pi / z;
        s1 = s1 * q * Sqrt2Pi / (6 * zfour);
        s2 = s2 * q * Sqrt2Pi / (72 * Math.Pow(z, 7));
        s3 = s3 * q * Sqrt2Pi / (6480 * Math.Pow(z, 10));

        var q2 = Math.Exp(-PiSquared / 2 / zsquared);
        var sqrt3z = Sqrt3 * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q2, ksq);
            var kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }

        s2 += k2extra * (PiSquared * Sqrt2Pi / (-36 * zthree));
        s3 += k3extra * (PiSquared * Sqrt2Pi / (216 * zsix));
        s1 /= Math.Pow(n, 0.5);
        s2 /= Math.Pow(n, 1.0);
        s3 /= Math.Pow(n, 1.5);
        return s0 + s1 + s2 + s3;
    }
}
