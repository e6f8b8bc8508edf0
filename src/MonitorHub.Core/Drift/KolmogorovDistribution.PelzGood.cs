namespace MonitorHub.Core.Drift;

public static partial class KolmogorovDistribution
{
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);
    private const double PiSquared = Math.PI * Math.PI;
    private const double PiFour = PiSquared * PiSquared;
    private const double PiSix = PiFour * PiSquared;
    private const double MinLog = -708;

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
