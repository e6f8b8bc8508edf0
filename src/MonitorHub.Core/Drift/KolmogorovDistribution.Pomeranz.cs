namespace MonitorHub.Core.Drift;

public static partial class KolmogorovDistribution
{
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
}
