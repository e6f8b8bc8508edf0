namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>How often two raters (live and shadow, human and model) give the same label, and Cohen's κ:
/// that agreement beyond what their label frequencies would produce by chance.</summary>
public readonly record struct AgreementResult(long Pairs, long Agreements, double Rate, double? Kappa);

/// <summary>Agreement of paired categorical labels.</summary>
public static class Agreement
{
    /// <summary>κ = (pₒ − pₑ)/(1 − pₑ) with pₑ = Σₖ pₓ(k)·p_y(k) (sklearn's <c>cohen_kappa_score</c>);
    /// null when pₑ = 1 (both sides always give one and the same label: κ is 0/0).</summary>
    public static AgreementResult Compute(IReadOnlyList<string> x, IReadOnlyList<string> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("The paired labels must have the same length.");
        if (x.Count == 0) throw new ArgumentException("Agreement needs at least one pair.");

        var xCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var yCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        long agreements = 0;
        for (var i = 0; i < x.Count; i++)
        {
            if (string.Equals(x[i], y[i], StringComparison.Ordinal)) agreements++;
            xCounts[x[i]] = xCounts.GetValueOrDefault(x[i]) + 1;
            yCounts[y[i]] = yCounts.GetValueOrDefault(y[i]) + 1;
        }

        double n = x.Count;
        var observed = agreements / n;
        var expected = 0.0;
        foreach (var (label, count) in xCounts)
        {
            if (yCounts.TryGetValue(label, out var other)) expected += count / n * (other / n);
        }

        double? kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
        return new AgreementResult(x.Count, agreements, observed, kappa);
    }
}
