namespace MonitorHub.Core.Drift;

public static partial class KolmogorovDistribution
{
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
}
