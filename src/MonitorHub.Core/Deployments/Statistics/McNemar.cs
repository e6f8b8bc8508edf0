using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>McNemar's exact test on the discordant pairs of a paired comparison.</summary>
public static class McNemar
{
    /// <summary>b = pairs only the first side got right, c = only the second. Statistic min(b, c),
    /// p = min(1, 2·BinomCDF(min(b, c); b + c, ½)); no discordant pairs means no evidence, p = 1.</summary>
    public static TestOutcome Exact(long b, long c)
    {
        if (b < 0 || c < 0) throw new ArgumentException("Counts must be non-negative.");
        var k = Math.Min(b, c);
        var n = b + c;
        return n == 0 ? new TestOutcome(k, 1.0) : new TestOutcome(k, Math.Min(1.0, 2 * SpecialFunctions.BinomialHalfCdf(k, n)));
    }
}
