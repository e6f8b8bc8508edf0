using System.Globalization;

namespace MonitorHub.Core.Deployments;

/// <summary>Turns both arms' data for a window into verdicts. Pure: no clock, no I/O.</summary>
/// <remarks>Kayenta's scheme: every metric (overall and per slice) is pass, high, low or noData; the
/// score is the weight of passing metrics over the weight of metrics with data. Unlike Kayenta, missing
/// data on a metric that must have it never passes or fails the run: the run is inconclusive and says
/// which metric lacked what.</remarks>
public static class Judge
{
    /// <summary>Judges every pair (each metric overall and per slice) against the spec. Pairs of metrics the
    /// spec does not name are ignored; a named metric with no pair at all is judged noData.</summary>
    public static JudgeResult Evaluate(AnalysisSpec spec, IReadOnlyList<ArmPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pairs);

        var judgements = new List<MetricJudgement>();
        var perMetric = new List<(AnalysisMetricSpec Metric, List<MetricJudgement> Judgements)>();
        foreach (var metric in spec.Metrics)
        {
            var own = new List<MetricJudgement>();
            foreach (var pair in pairs)
            {
                if (string.Equals(pair.Metric, metric.Name, StringComparison.Ordinal)) own.Add(MetricJudge.Judge(spec, metric, pair));
            }

            if (own.Count == 0) own.Add(MetricJudge.Missing(metric));
            judgements.AddRange(own);
            perMetric.Add((metric, own));
        }

        return Verdict(spec, perMetric, judgements);
    }

    /// <summary>True when the judgement counts against the candidate.</summary>
    public static bool IsFailing(MetricJudgement judgement) => judgement.Verdict is MetricVerdict.High or MetricVerdict.Low;

    private static JudgeResult Verdict(
        AnalysisSpec spec, List<(AnalysisMetricSpec Metric, List<MetricJudgement> Judgements)> perMetric, List<MetricJudgement> all)
    {
        // A metric counts once in the score with its weight: it passes only if its overall judgement and
        // every slice with data pass, so a regression on one slice is not averaged away by the others.
        double passing = 0, withData = 0;
        foreach (var (metric, own) in perMetric)
        {
            if (own.All(j => j.Verdict == MetricVerdict.NoData)) continue;
            withData += metric.Weight;
            if (!own.Any(IsFailing)) passing += metric.Weight;
        }

        var score = withData > 0 ? 100 * passing / withData : 0;
        var reasons = new List<string>();

        // A critical metric that failed on the data it has fails the run even when some other metric or a
        // thin slice lacks data: what is missing cannot undo a regression already measured (otherwise a
        // 7 % slice under minSamplesPerArm would hold a clearly failing rollout at "inconclusive").
        var critical = perMetric.Where(m => m.Metric.Critical).SelectMany(m => m.Judgements).Where(IsFailing).ToList();
        var scoreText = score.ToString("0.##", CultureInfo.InvariantCulture);
        if (critical.Count > 0)
        {
            reasons.AddRange(all.Where(j => IsFailing(j) || j.Verdict == MetricVerdict.NoData).Select(j => j.Reason));
            var names = string.Join(", ", critical.Select(MetricJudge.Label).Distinct());
            reasons.Add($"Fail: critical metric {names} failed (score {scoreText}).");
            return new JudgeResult(RunVerdict.Fail, score, reasons, all);
        }

        var missing = perMetric.Where(m => m.Metric.MustHaveData)
            .SelectMany(m => m.Judgements).Where(j => j.Verdict == MetricVerdict.NoData).ToList();
        if (missing.Count > 0)
        {
            reasons.AddRange(missing.Select(j => j.Reason));
            reasons.Add("Inconclusive: not enough data to judge, so the run neither passes nor fails.");
            return new JudgeResult(RunVerdict.Inconclusive, score, reasons, all);
        }

        if (withData == 0)
        {
            reasons.AddRange(all.Select(j => j.Reason));
            reasons.Add("Inconclusive: no metric had enough data to judge.");
            return new JudgeResult(RunVerdict.Inconclusive, score, reasons, all);
        }

        reasons.AddRange(all.Where(j => IsFailing(j) || j.Verdict == MetricVerdict.NoData).Select(j => j.Reason));

        var pass = spec.PassScore.ToString("0.##", CultureInfo.InvariantCulture);
        var marginal = spec.MarginalScore.ToString("0.##", CultureInfo.InvariantCulture);
        var (verdict, line) = score >= spec.PassScore
            ? (RunVerdict.Pass, $"Pass: score {scoreText} is at or above the pass score {pass}.")
            : score >= spec.MarginalScore
                ? (RunVerdict.Marginal, $"Marginal: score {scoreText} is below the pass score {pass} but at or above the marginal score {marginal}.")
                : (RunVerdict.Fail, $"Fail: score {scoreText} is below the marginal score {marginal}.");
        reasons.Add(line);
        return new JudgeResult(verdict, score, reasons, all);
    }
}
