namespace MonitorHub.Core.Deployments;

// The contract between the deployment controller (which gathers each arm's data for a window) and
// the judge (pure statistics that turn it into verdicts). Kept in one file so that both sides can
// be built against it independently; the judge's implementation lives in Judge.cs.

/// <summary>Which way is worse for a metric: a latency that rises, an accuracy that falls, or either.</summary>
public enum MetricDirection
{
    Increase,
    Decrease,
    Either,
}

/// <summary>What one analysis metric compares between the arms.</summary>
public enum AnalysisMetricKind
{
    /// <summary>A MonitorHub metric's raw samples per arm (tagged with the arm's version): Mann-Whitney U,
    /// Hodges–Lehmann shift, mean-ratio gate.</summary>
    Samples,

    /// <summary>Share of predictions whose output is an error (or of samples &gt; 0): two-proportion z-test
    /// with a Newcombe interval.</summary>
    ErrorRate,

    /// <summary>Accuracy from delayed labels: two-proportion z-test, optional non-inferiority margin.</summary>
    Accuracy,

    /// <summary>The project's drift tests on the candidate's outputs vs the baseline's.</summary>
    OutputDrift,
}

/// <summary>One metric of a deployment's analysis, with Kayenta's gate settings.</summary>
/// <param name="Name">What the user calls it; for <see cref="AnalysisMetricKind.Samples"/> the metric key.</param>
/// <param name="AllowedIncrease">Candidate/baseline mean ratio above which a significant rise is "high" (e.g. 1.1).</param>
/// <param name="AllowedDecrease">Ratio below which a significant fall is "low" (e.g. 0.9).</param>
/// <param name="Critical">A failing critical metric fails the whole run whatever the score.</param>
/// <param name="MustHaveData">Missing data on this metric makes the run inconclusive (otherwise it is left out of the score).</param>
/// <param name="NonInferiorityMargin">Accuracy only: pass only if the upper bound of (baseline − candidate) is below this δ.</param>
public sealed record AnalysisMetricSpec(
    string Name,
    AnalysisMetricKind Kind = AnalysisMetricKind.Samples,
    MetricDirection Direction = MetricDirection.Increase,
    double? AllowedIncrease = null,
    double? AllowedDecrease = null,
    bool Critical = false,
    bool MustHaveData = true,
    double Weight = 1,
    double? NonInferiorityMargin = null);

/// <summary>How a deployment's analysis is judged. Defaults follow Argo Rollouts (limits) and Kayenta (scores).</summary>
public sealed record AnalysisSpec(
    IReadOnlyList<AnalysisMetricSpec> Metrics,
    IReadOnlyList<string> Slices,
    int FailureLimit = 0,
    int InconclusiveLimit = 0,
    int ConsecutiveErrorLimit = 4,
    int MinSamplesPerArm = 200,
    double MinLabelledFraction = 0,
    double PassScore = 75,
    double MarginalScore = 50,
    double Alpha = 0.05,
    int WindowSeconds = 600);

/// <summary>One arm's data for one metric (and slice) in one window. Numeric metrics fill
/// <see cref="Values"/>; proportions fill <see cref="Successes"/>/<see cref="Trials"/> (and
/// <see cref="Expected"/>, the predictions that could have been labelled, for the labelled fraction);
/// categorical outputs for <see cref="AnalysisMetricKind.OutputDrift"/> fill <see cref="Categories"/>.</summary>
public sealed record ArmData(
    double[] Values,
    long Successes = 0,
    long Trials = 0,
    long Expected = 0,
    IReadOnlyList<string>? Categories = null);

/// <summary>Both arms for one metric, overall (<see cref="SliceTag"/> null) or for one tag value.</summary>
public sealed record ArmPair(string Metric, string? SliceTag, string? SliceValue, ArmData Baseline, ArmData Candidate);

public enum MetricVerdict
{
    Pass,
    High,
    Low,
    NoData,
}

public enum RunVerdict
{
    Pass,
    Marginal,
    Fail,
    Inconclusive,
}

/// <summary>What was measured of one arm: n, and the summary that suits the metric.</summary>
public sealed record ArmSummary(long N, double? Mean, double? Median, double? Proportion);

/// <summary>The judgement of one metric (overall or one slice), with everything needed to say why.</summary>
/// <param name="Effect">Samples: Hodges–Lehmann shift candidate − baseline; proportions: p(candidate) − p(baseline);
/// output drift: the test statistic (KS D or chi-square).</param>
/// <param name="Ratio">The gate's ratio candidate/baseline (of means for samples, of rates for proportions); null otherwise.</param>
public sealed record MetricJudgement(
    string Name,
    string? SliceTag,
    string? SliceValue,
    MetricVerdict Verdict,
    ArmSummary Baseline,
    ArmSummary Candidate,
    string Test,
    double? Statistic,
    double? PValue,
    double? Effect,
    double? IntervalLow,
    double? IntervalHigh,
    string Reason,
    double? Ratio = null);

/// <summary>A whole analysis run's outcome: Kayenta-style weighted score, verdict and the reasons in words.</summary>
public sealed record JudgeResult(
    RunVerdict Verdict,
    double Score,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<MetricJudgement> Metrics);
