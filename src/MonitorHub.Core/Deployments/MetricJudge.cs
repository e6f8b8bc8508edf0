using System.Globalization;
using MonitorHub.Core.Deployments.Statistics;
using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments;

/// <summary>One metric's judgement (overall or one slice) by the test that suits its kind.</summary>
internal static class MetricJudge
{
    private static readonly ArmSummary Nothing = new(0, null, null, null);

    public static MetricJudgement Judge(AnalysisSpec spec, AnalysisMetricSpec metric, ArmPair pair) => metric.Kind switch
    {
        AnalysisMetricKind.Samples => Samples(spec, metric, pair),
        AnalysisMetricKind.ErrorRate or AnalysisMetricKind.Accuracy => Proportion(spec, metric, pair),
        AnalysisMetricKind.OutputDrift => Drift(spec, metric, pair),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric.Kind, "Unknown metric kind."),
    };

    /// <summary>The spec names a metric for which the controller gathered nothing at all.</summary>
    public static MetricJudgement Missing(AnalysisMetricSpec metric) =>
        new(metric.Name, null, null, MetricVerdict.NoData, Nothing, Nothing, TestName(metric.Kind), null, null, null, null, null,
            $"{metric.Name} (overall): no data was gathered for either arm.");

    public static string Label(MetricJudgement j) => Label(j.Name, j.SliceTag, j.SliceValue);

    private static string Label(string name, string? tag, string? value) =>
        tag is null ? $"{name} (overall)" : $"{name} ({tag}={value})";

    private static string Label(ArmPair pair) => Label(pair.Metric, pair.SliceTag, pair.SliceValue);

    private static string TestName(AnalysisMetricKind kind) => kind switch
    {
        AnalysisMetricKind.Samples => "mannWhitney",
        AnalysisMetricKind.OutputDrift => "drift",
        _ => "twoProportions",
    };

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static MetricJudgement Samples(AnalysisSpec spec, AnalysisMetricSpec metric, ArmPair pair)
    {
        // Non-finite samples carry no rank or mean the test could use; they are not counted as samples.
        var baseline = Finite(pair.Baseline.Values);
        var candidate = Finite(pair.Candidate.Values);
        var baselineSummary = Summary(baseline);
        var candidateSummary = Summary(candidate);
        var lacking = Lacking(pair, spec.MinSamplesPerArm, baseline.Length, candidate.Length, "samples");
        if (lacking is not null) return NoData(metric, pair, baselineSummary, candidateSummary, lacking);

        var test = MannWhitney.TestSorted(baseline, candidate);
        var shift = ShiftEffects.HodgesLehmannSorted(baseline, candidate);
        var ratio = Ratio(baselineSummary.Mean!.Value, candidateSummary.Mean!.Value);
        var (verdict, why) = Gate(spec, metric, test.PValue, ratio, "mean ratio", F(ratio));
        var reason = $"{Label(pair)}: {why}; Mann-Whitney p = {F(test.PValue)}, mean {F(baselineSummary.Mean.Value)} → " +
                     $"{F(candidateSummary.Mean.Value)} (ratio {F(ratio)}), median shift {F(shift)}, n = {baseline.Length} vs {candidate.Length}.";
        // The statistic is U of the baseline (scipy's first sample); U of the candidate is n·m − U.
        return new MetricJudgement(metric.Name, pair.SliceTag, pair.SliceValue, verdict, baselineSummary, candidateSummary,
            "mannWhitney", test.Statistic, test.PValue, shift, null, null, reason, Finite(ratio));
    }

    private static MetricJudgement Proportion(AnalysisSpec spec, AnalysisMetricSpec metric, ArmPair pair)
    {
        var b = pair.Baseline;
        var c = pair.Candidate;
        var baselineSummary = new ArmSummary(b.Trials, null, null, b.Trials > 0 ? b.Successes / (double)b.Trials : null);
        var candidateSummary = new ArmSummary(c.Trials, null, null, c.Trials > 0 ? c.Successes / (double)c.Trials : null);
        var what = metric.Kind == AnalysisMetricKind.Accuracy ? "labelled predictions" : "predictions";
        var lacking = Lacking(pair, spec.MinSamplesPerArm, b.Trials, c.Trials, what) ?? LackingLabels(pair, spec.MinLabelledFraction);
        if (lacking is not null) return NoData(metric, pair, baselineSummary, candidateSummary, lacking);
        if (b.Successes < 0 || b.Successes > b.Trials || c.Successes < 0 || c.Successes > c.Trials)
        {
            throw new ArgumentException($"{Label(pair)}: successes must be within 0..trials.", nameof(pair));
        }

        var test = Proportions.TwoSample(c.Successes, c.Trials, b.Successes, b.Trials, 1 - spec.Alpha);
        double pb = baselineSummary.Proportion!.Value, pc = candidateSummary.Proportion!.Value;
        var numbers = $"{F(pb)} → {F(pc)} (difference {F(test.Difference)}, {Percent(1 - spec.Alpha)} interval " +
                      $"{F(test.Interval.Low)} to {F(test.Interval.High)}), z = {F(test.Statistic)}, p = {F(test.PValue)}, n = {b.Trials} vs {c.Trials}";
        var ratio = Ratio(pb, pc);
        MetricVerdict verdict;
        string why;
        if (metric.Kind == AnalysisMetricKind.Accuracy && metric.NonInferiorityMargin is { } margin)
        {
            // Newcombe's interval is antisymmetric: the upper bound of baseline − candidate is −low of candidate − baseline.
            var upper = -test.Interval.Low;
            (verdict, why) = upper < margin
                ? (MetricVerdict.Pass, $"non-inferior: the upper bound {F(upper)} of baseline − candidate is below the margin {F(margin)}")
                : (MetricVerdict.Low, $"not shown non-inferior: the upper bound {F(upper)} of baseline − candidate is not below the margin {F(margin)}");
        }
        else
        {
            (verdict, why) = Gate(spec, metric, test.PValue, ratio, "rate ratio", F(ratio));
        }

        return new MetricJudgement(metric.Name, pair.SliceTag, pair.SliceValue, verdict, baselineSummary, candidateSummary,
            "twoProportions", test.Statistic, test.PValue, test.Difference, test.Interval.Low, test.Interval.High,
            $"{Label(pair)}: {why}; {numbers}.", Finite(ratio));
    }

    private static MetricJudgement Drift(AnalysisSpec spec, AnalysisMetricSpec metric, ArmPair pair)
    {
        var categorical = pair.Baseline.Categories is not null || pair.Candidate.Categories is not null;
        if (categorical)
        {
            var bc = pair.Baseline.Categories ?? [];
            var cc = pair.Candidate.Categories ?? [];
            var bs = new ArmSummary(bc.Count, null, null, null);
            var cs = new ArmSummary(cc.Count, null, null, null);
            var lackingCategories = Lacking(pair, spec.MinSamplesPerArm, bc.Count, cc.Count, "outputs");
            if (lackingCategories is not null) return NoData(metric, pair, bs, cs, lackingCategories);
            var (reference, current) = CategoryCounts(bc, cc);
            // One shared category, or none, leaves chi-square nothing to compare: no drift to report.
            var chi = ChiSquare.Contingency(reference, current) ?? new ChiSquareResult(0, 1, 0);
            return DriftVerdict(spec, metric, pair, bs, cs, "chiSquare", chi.Statistic, chi.PValue, $"chi-square = {F(chi.Statistic)}");
        }

        var baseline = Finite(pair.Baseline.Values);
        var candidate = Finite(pair.Candidate.Values);
        var baselineSummary = Summary(baseline);
        var candidateSummary = Summary(candidate);
        var lacking = Lacking(pair, spec.MinSamplesPerArm, baseline.Length, candidate.Length, "outputs");
        if (lacking is not null) return NoData(metric, pair, baselineSummary, candidateSummary, lacking);
        var ks = KolmogorovSmirnov.TwoSample(baseline, candidate);
        return DriftVerdict(spec, metric, pair, baselineSummary, candidateSummary, "ks", ks.Statistic, ks.PValue, $"KS D = {F(ks.Statistic)}");
    }

    private static MetricJudgement DriftVerdict(AnalysisSpec spec, AnalysisMetricSpec metric, ArmPair pair,
        ArmSummary baseline, ArmSummary candidate, string test, double statistic, double p, string what)
    {
        // Drift has no direction: a significant difference in distribution is the failure.
        var drifted = p < spec.Alpha;
        var why = drifted
            ? $"the candidate's outputs drifted from the baseline's ({what}, p = {F(p)} < {F(spec.Alpha)})"
            : $"no significant drift ({what}, p = {F(p)})";
        return new MetricJudgement(metric.Name, pair.SliceTag, pair.SliceValue, drifted ? MetricVerdict.High : MetricVerdict.Pass,
            baseline, candidate, test, statistic, p, statistic, null, null, $"{Label(pair)}: {why}, n = {baseline.N} vs {candidate.N}.");
    }

    /// <summary>Kayenta's gate: a change fails only when it is significant, beyond the allowed ratio,
    /// and in a direction the metric cares about.</summary>
    private static (MetricVerdict, string) Gate(AnalysisSpec spec, AnalysisMetricSpec metric, double p, double ratio, string ratioName, string ratioText)
    {
        if (!(p < spec.Alpha)) return (MetricVerdict.Pass, $"pass, no significant change (p ≥ {F(spec.Alpha)})");
        var allowedIncrease = metric.AllowedIncrease ?? 1.0;
        var allowedDecrease = metric.AllowedDecrease ?? 1.0;
        var rose = ratio > allowedIncrease;
        var fell = ratio < allowedDecrease;
        var watchRise = metric.Direction is MetricDirection.Increase or MetricDirection.Either;
        var watchFall = metric.Direction is MetricDirection.Decrease or MetricDirection.Either;
        if (rose && watchRise) return (MetricVerdict.High, $"high, a significant rise with {ratioName} {ratioText} above the allowed {F(allowedIncrease)}");
        if (fell && watchFall) return (MetricVerdict.Low, $"low, a significant fall with {ratioName} {ratioText} below the allowed {F(allowedDecrease)}");
        if (rose || fell)
        {
            return (MetricVerdict.Pass, $"pass, a significant {(rose ? "rise" : "fall")} but only a {(watchRise ? "rise" : "fall")} counts against this metric");
        }

        return (MetricVerdict.Pass, $"pass, a significant change within the allowed {ratioName} ({F(allowedDecrease)} to {F(allowedIncrease)})");
    }

    /// <summary>candidate / baseline; a zero baseline gives +∞ or −∞ for any change and 1 for none.</summary>
    private static double Ratio(double baseline, double candidate) =>
        baseline != 0 ? candidate / baseline : candidate == 0 ? 1.0 : candidate > 0 ? double.PositiveInfinity : double.NegativeInfinity;

    private static string? Lacking(ArmPair pair, int needed, long baseline, long candidate, string what)
    {
        var parts = new List<string>();
        var minimum = Math.Max(1, needed);
        if (baseline < minimum) parts.Add($"baseline has {baseline} of the {minimum} {what} needed");
        if (candidate < minimum) parts.Add($"candidate has {candidate} of the {minimum} {what} needed");
        return parts.Count == 0 ? null : $"{Label(pair)}: no data, {string.Join(" and ", parts)}.";
    }

    private static string? LackingLabels(ArmPair pair, double minFraction)
    {
        if (minFraction <= 0) return null;
        var parts = new List<string>();
        foreach (var (arm, data) in new[] { ("baseline", pair.Baseline), ("candidate", pair.Candidate) })
        {
            if (data.Expected <= 0) continue;
            var fraction = data.Trials / (double)data.Expected;
            if (fraction < minFraction)
            {
                parts.Add($"{arm} has labels for {data.Trials} of {data.Expected} predictions ({Percent(fraction)}), {Percent(minFraction)} needed");
            }
        }

        return parts.Count == 0 ? null : $"{Label(pair)}: no data, {string.Join(" and ", parts)}.";
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static MetricJudgement NoData(AnalysisMetricSpec metric, ArmPair pair, ArmSummary baseline, ArmSummary candidate, string reason) =>
        new(metric.Name, pair.SliceTag, pair.SliceValue, MetricVerdict.NoData, baseline, candidate, TestName(metric.Kind),
            null, null, null, null, null, reason);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double[] Finite(double[] values)
    {
        var finite = Array.FindAll(values, double.IsFinite);
        Array.Sort(finite);
        return finite;
    }

    private static ArmSummary Summary(double[] sorted)
    {
        if (sorted.Length == 0) return new ArmSummary(0, null, null, null);
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new ArmSummary(sorted.Length, ShiftEffects.Mean(sorted), median, null);
    }

    private static (long[] Reference, long[] Current) CategoryCounts(IReadOnlyList<string> baseline, IReadOnlyList<string> candidate)
    {
        var categories = baseline.Concat(candidate).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var reference = new long[categories.Count];
        var current = new long[categories.Count];
        foreach (var value in baseline) reference[index[value]]++;
        foreach (var value in candidate) current[index[value]]++;
        return (reference, current);
    }
}
