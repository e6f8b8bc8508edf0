using MonitorHub.Core.Drift.Predictions;

namespace MonitorHub.Core.Deployments;

/// <summary>One stored answer to a request, as pairing needs it.</summary>
public sealed record RoleRow(string Id, PredictionRole Role, string Version, Scalar Output, Scalar Label);

/// <summary>What a shadow comparison measured, as analysis runs store it and the API shows it. Classification
/// fills agreement, κ, accuracies and McNemar; regression fills the median difference and Wilcoxon's p (and
/// the accuracies stay null: a number is not right or wrong).</summary>
public sealed record ShadowSummary(
    long N, double? Agreement, double? AgreementLow, double? AgreementHigh, double? Kappa,
    double? LiveAccuracy, double? ShadowAccuracy, double? McNemarP, long Labelled = 0,
    double? MedianDifference = null, double? WilcoxonP = null, double? LiveMeanAbsoluteError = null, double? ShadowMeanAbsoluteError = null);

/// <summary>
/// Pairs answers to the same request id: the live side (the live model's answer, or a person's) with the
/// shadow model's, carrying the label that joined both. Requests answered by one side only are left out, so
/// every comparison is paired.
/// </summary>
public static class ShadowPairing
{
    /// <param name="liveRank">Which row answers for the live side: lowest rank wins, null = not a live-side row.</param>
    /// <param name="isShadow">Whether a row is the shadow side's answer.</param>
    public static IReadOnlyList<(Scalar Live, Scalar Shadow, Scalar Label)> Pair(
        IEnumerable<RoleRow> rows, Func<RoleRow, int?> liveRank, Func<RoleRow, bool> isShadow)
    {
        var byId = new Dictionary<string, (RoleRow? Live, int Rank, RoleRow? Shadow)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byId.TryGetValue(row.Id, out var entry);
            if (isShadow(row)) entry.Shadow ??= row;
            else if (liveRank(row) is { } rank && (entry.Live is null || rank < entry.Rank)) entry = (row, rank, entry.Shadow);
            byId[row.Id] = entry;
        }

        var pairs = new List<(Scalar, Scalar, Scalar)>();
        foreach (var (_, (live, _, shadow)) in byId)
        {
            if (live is null || shadow is null || live.Output.IsMissing || shadow.Output.IsMissing) continue;
            pairs.Add((live.Output, shadow.Output, live.Label.IsMissing ? shadow.Label : live.Label));
        }

        return pairs;
    }

    /// <summary>The comparison of paired outputs; numeric when both sides answered with numbers throughout,
    /// else by class (numbers compared in their shortest text form). Null without pairs.</summary>
    public static ShadowSummary? Summarise(IReadOnlyList<(Scalar Live, Scalar Shadow, Scalar Label)> pairs)
    {
        if (pairs.Count == 0) return null;
        if (pairs.All(p => p.Live.Number is not null && p.Shadow.Number is not null))
        {
            var n = ShadowComparison.Numeric([.. pairs.Select(p => new NumericShadowRow(p.Live.Number!.Value, p.Shadow.Number!.Value, p.Label.Number))]);
            return new ShadowSummary(n.Pairs, null, null, null, null, null, null, null, n.Labelled?.Labelled ?? 0,
                n.MedianDifference, n.Differences?.PValue, n.Labelled?.LiveMeanAbsoluteError, n.Labelled?.ShadowMeanAbsoluteError);
        }

        var c = ShadowComparison.Classification([.. pairs.Select(p => new ShadowRow(p.Live.AsText()!, p.Shadow.AsText()!, p.Label.AsText()))]);
        return new ShadowSummary(c.Pairs, c.AgreementRate, c.AgreementLow, c.AgreementHigh, c.Kappa,
            c.Labelled?.LiveAccuracy, c.Labelled?.ShadowAccuracy, c.Labelled?.McNemarPValue, c.Labelled?.Labelled ?? 0);
    }
}

/// <summary>
/// How a shadow comparison enters an analysis run. It is kept beside the judge rather than fed to it: the
/// judge compares independent arms, a shadow comparison is paired, and its measures (agreement, κ) have no
/// baseline-vs-candidate ratio to gate. What it does decide: too few pairs make the run inconclusive (never
/// a pass), and a shadow deployment without judge metrics passes on enough pairs.
/// </summary>
public static class ShadowVerdict
{
    /// <summary>Shadow deployments, and blue-green ones before the switch, compare paired shadow answers.</summary>
    public static bool Compares(Deployment d) =>
        d.Spec.Strategy == DeploymentStrategy.Shadow || (d.Spec.Strategy == DeploymentStrategy.BlueGreen && d.Weight < 100);

    /// <summary>A run's result for a shadow deployment with no judge metrics (nothing judged: the pairs decide).</summary>
    public static JudgeResult Unjudged => new(RunVerdict.Pass, 100, [], []);

    public static JudgeResult Combine(JudgeResult judged, ShadowSummary? shadow, DeploymentSpec spec)
    {
        var needed = spec.Analysis.MinSamplesPerArm;
        var n = shadow?.N ?? 0;
        if (n < needed)
        {
            var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"shadow: no data, {n} of the {needed} paired requests needed (live {spec.Baseline} and shadow {spec.Candidate} answering the same id).");
            return judged with { Verdict = RunVerdict.Inconclusive, Reasons = [.. judged.Reasons, reason] };
        }

        return judged;
    }
}
