using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>A confidence interval.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>Two-proportion comparison: pooled z-test and the Newcombe interval of p1 − p2.</summary>
public readonly record struct TwoProportionResult(double Statistic, double PValue, double Difference, Interval Interval);

/// <summary>Tests and intervals on proportions (formulas as statsmodels writes them).</summary>
public static class Proportions
{
    /// <summary>Wilson score interval for successes/n (statsmodels <c>proportion_confint(method='wilson')</c>).</summary>
    public static Interval Wilson(long successes, long n, double confidence = 0.95)
    {
        Validate(successes, n);
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), "Confidence must be in (0, 1).");
        var crit = -SpecialFunctions.NormalQuantile((1 - confidence) / 2); // norm.isf(α/2)
        var crit2 = crit * crit;
        double nobs = n;
        var q = successes / nobs;
        var denom = 1 + crit2 / nobs;
        var center = (q + crit2 / (2 * nobs)) / denom;
        var dist = crit * Math.Sqrt(q * (1.0 - q) / nobs + crit2 / (4.0 * nobs * nobs));
        dist /= denom;
        return new Interval(center - dist, center + dist);
    }

    /// <summary>Pooled two-proportion z-test of p1 = p2 (two-sided) with Newcombe's hybrid score
    /// interval (his method 10, built from both Wilson intervals) for p1 − p2.</summary>
    public static TwoProportionResult TwoSample(long successes1, long n1, long successes2, long n2, double confidence = 0.95)
    {
        Validate(successes1, n1);
        Validate(successes2, n2);
        double p1 = successes1 / (double)n1, p2 = successes2 / (double)n2;
        var pooled = (successes1 + successes2) / (double)(n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        // A pooled share of 0 or 1 means both arms are identical: no difference, nothing to test.
        var z = se == 0 ? 0.0 : (p1 - p2) / se;
        var p = 2 * SpecialFunctions.NormalSf(Math.Abs(z));

        var w1 = Wilson(successes1, n1, confidence);
        var w2 = Wilson(successes2, n2, confidence);
        var difference = p1 - p2;
        var low = difference - Math.Sqrt((p1 - w1.Low) * (p1 - w1.Low) + (w2.High - p2) * (w2.High - p2));
        var high = difference + Math.Sqrt((w1.High - p1) * (w1.High - p1) + (p2 - w2.Low) * (p2 - w2.Low));
        return new TwoProportionResult(z, Math.Min(1.0, p), difference, new Interval(low, high));
    }

    private static void Validate(long successes, long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive.");
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes), "successes must be within 0..n.");
    }
}
