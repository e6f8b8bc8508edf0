using System.Text.Json.Serialization;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Deployments;

// Wire shapes of /api/v1/deployments. Enums travel as camelCase words ("blueGreen", "rolledBack",
// "inconclusive"), the spelling the issue and the docs use; steps as Argo Rollouts writes them:
// {"setWeight":10}, {"pause":{"seconds":600}}, {"pause":{}}, {"analysis":{"count":3,"intervalSeconds":60}}, {"approval":{}}.

public sealed record PauseDto(int? Seconds);

public sealed record AnalysisStepDto(int? Count, int? IntervalSeconds);

public sealed record ApprovalDto(string? Webhook);

/// <summary>Exactly one of the four is set.</summary>
public sealed record StepDto(int? SetWeight, PauseDto? Pause, AnalysisStepDto? Analysis, ApprovalDto? Approval)
{
    public static StepDto From(DeploymentStep step) => step.Kind switch
    {
        StepKind.SetWeight => new(step.Weight, null, null, null),
        StepKind.Pause => new(null, new(step.PauseSeconds), null, null),
        StepKind.Analysis => new(null, null, new(step.Count, step.IntervalSeconds), null),
        _ => new(null, null, null, new(step.Webhook)),
    };

    public DeploymentStep? ToStep(int index, List<ValidationIssue> issues)
    {
        var kinds = (SetWeight is null ? 0 : 1) + (Pause is null ? 0 : 1) + (Analysis is null ? 0 : 1) + (Approval is null ? 0 : 1);
        if (kinds != 1)
        {
            issues.Add(new(null, $"steps[{index}]", "Exactly one of setWeight, pause, analysis, approval."));
            return null;
        }

        return SetWeight is { } weight ? DeploymentStep.SetWeight(weight)
            : Pause is { } pause ? DeploymentStep.Pause(pause.Seconds)
            : Analysis is { } analysis ? new DeploymentStep(StepKind.Analysis, Count: analysis.Count, IntervalSeconds: analysis.IntervalSeconds)
            : DeploymentStep.Approval(Approval!.Webhook);
    }
}

public sealed record AnalysisMetricDto(
    string? Name, string? Kind, string? Direction, double? AllowedIncrease, double? AllowedDecrease, bool? Critical, bool? MustHaveData, double? Weight,
    double? NonInferiorityMargin)
{
    public static AnalysisMetricDto From(AnalysisMetricSpec m) => new(
        m.Name, Wire.Name(m.Kind), Wire.Name(m.Direction), m.AllowedIncrease, m.AllowedDecrease, m.Critical, m.MustHaveData, m.Weight, m.NonInferiorityMargin);

    public AnalysisMetricSpec ToSpec(int index, List<ValidationIssue> issues) => new(
        Name ?? "",
        Wire.Parse(Kind, $"analysis.metrics[{index}].kind", AnalysisMetricKind.Samples, issues),
        Wire.Parse(Direction, $"analysis.metrics[{index}].direction", MetricDirection.Increase, issues),
        AllowedIncrease, AllowedDecrease, Critical ?? false, MustHaveData ?? true, Weight ?? 1, NonInferiorityMargin);
}

public sealed record AnalysisDto(
    IReadOnlyList<AnalysisMetricDto>? Metrics, IReadOnlyList<string>? Slices, int? FailureLimit, int? InconclusiveLimit, int? ConsecutiveErrorLimit,
    int? MinSamplesPerArm, double? MinLabelledFraction, double? PassScore, double? MarginalScore, double? Alpha, int? WindowSeconds)
{
    private static readonly AnalysisSpec Defaults = new([], []);

    public static AnalysisDto From(AnalysisSpec a) => new(
        [.. a.Metrics.Select(AnalysisMetricDto.From)], a.Slices, a.FailureLimit, a.InconclusiveLimit, a.ConsecutiveErrorLimit, a.MinSamplesPerArm,
        a.MinLabelledFraction, a.PassScore, a.MarginalScore, a.Alpha, a.WindowSeconds);

    public AnalysisSpec ToSpec(List<ValidationIssue> issues)
    {
        if (Metrics?.Any(m => m is null) == true) issues.Add(new(null, "analysis.metrics", "No null entries."));
        if (Slices?.Any(s => s is null) == true) issues.Add(new(null, "analysis.slices", "No null entries."));
        return new(
            [.. (Metrics ?? []).Where(m => m is not null).Select((m, i) => m.ToSpec(i, issues))],
            [.. (Slices ?? []).Where(s => s is not null)],
            FailureLimit ?? Defaults.FailureLimit,
            InconclusiveLimit ?? Defaults.InconclusiveLimit,
            ConsecutiveErrorLimit ?? Defaults.ConsecutiveErrorLimit,
            MinSamplesPerArm ?? Defaults.MinSamplesPerArm,
            MinLabelledFraction ?? Defaults.MinLabelledFraction,
            PassScore ?? Defaults.PassScore,
            MarginalScore ?? Defaults.MarginalScore,
            Alpha ?? Defaults.Alpha,
            WindowSeconds ?? Defaults.WindowSeconds);
    }
}

public sealed record CreateDeploymentRequest(
    string? Model, string? Strategy, string? Baseline, string? Candidate, IReadOnlyList<StepDto>? Steps, AnalysisDto? Analysis, string? VersionTag,
    int? RollbackWindowSeconds, int? RouterChannel = null)
{
    public const int DefaultRollbackWindowSeconds = 3600;

    /// <summary>The spec, or the issues of the fields that do not even parse (the store validates the rest).</summary>
    public (DeploymentSpec Spec, List<ValidationIssue> Issues) ToSpec()
    {
        var issues = new List<ValidationIssue>();
        if (Strategy is null) issues.Add(new(null, "strategy", "Required: shadow, canary or blueGreen."));
        var strategy = Wire.Parse(Strategy, "strategy", DeploymentStrategy.Canary, issues);
        var steps = new List<DeploymentStep>();
        for (var i = 0; i < (Steps?.Count ?? 0); i++)
        {
            if (Steps![i] is null) issues.Add(new(null, $"steps[{i}]", "Exactly one of setWeight, pause, analysis, approval."));
            else if (Steps[i].ToStep(i, issues) is { } step) steps.Add(step);
        }

        var analysis = (Analysis ?? new AnalysisDto(null, null, null, null, null, null, null, null, null, null, null)).ToSpec(issues);
        var spec = new DeploymentSpec(Model ?? "", strategy, Baseline ?? "", Candidate ?? "", steps, analysis, VersionTag ?? "version",
            RollbackWindowSeconds ?? DefaultRollbackWindowSeconds, RouterChannel);
        return (spec, issues);
    }
}

public sealed record DecisionDto(DateTime At, string From, string To, int Weight, int Step, string Actor, string Reason)
{
    public static DecisionDto Of(DeploymentDecision d) => new(d.At.UtcDateTime, Wire.Name(d.From), Wire.Name(d.To), d.Weight, d.Step, d.Actor, d.Reason);
}

public sealed record ArmDto(long N, double? Mean, double? Median, double? Proportion)
{
    public static ArmDto From(ArmSummary a) => new(a.N, a.Mean, a.Median, a.Proportion);
}

public sealed record WindowDto(DateTime From, DateTime To);

public sealed record MetricJudgementDto(
    string Name, string? SliceTag, string? SliceValue, string Verdict, ArmDto Baseline, ArmDto Candidate, string Test, double? Statistic, double? PValue,
    double? Effect, IntervalDto? Interval, double? Ratio, string Reason)
{
    public static MetricJudgementDto From(MetricJudgement m) => new(
        m.Name, m.SliceTag, m.SliceValue, Wire.Name(m.Verdict), ArmDto.From(m.Baseline), ArmDto.From(m.Candidate), m.Test, m.Statistic, m.PValue, m.Effect,
        m.IntervalLow is { } low && m.IntervalHigh is { } high ? new(low, high) : null, m.Ratio, m.Reason);
}

/// <summary>One analysis run; <c>verdict</c> is null and <c>error</c> set when it could not judge.</summary>
public sealed record AnalysisRunDto(
    long Id, DateTime StartedAt, WindowDto Window, string Trigger, string? Verdict, double? Score, IReadOnlyList<string> Reasons,
    IReadOnlyList<MetricJudgementDto> Metrics, string? Error, ShadowDto? Shadow = null)
{
    public static AnalysisRunDto From(AnalysisRun r) => new(
        r.Id, r.StartedAt.UtcDateTime, new(r.WindowFrom.UtcDateTime, r.WindowTo.UtcDateTime), Wire.Name(r.Trigger), r.Verdict is { } v ? Wire.Name(v) : null,
        r.Score, r.Reasons, [.. r.Metrics.Select(MetricJudgementDto.From)], r.Error, r.Shadow is { } s ? ShadowDto.From(s) : null);
}

/// <summary>A shadow run's paired comparison: agreement with its Wilson 95 % interval, Cohen's κ, and on labelled
/// pairs both accuracies and McNemar's exact p. Classification only; null fields for what was not measurable.</summary>
public sealed record ShadowDto(
    long N, double? Agreement, double? AgreementLow, double? AgreementHigh, double? Kappa, double? LiveAccuracy, double? ShadowAccuracy, double? McnemarP,
    long Labelled, double? MedianDifference, double? WilcoxonP, double? LiveMeanAbsoluteError, double? ShadowMeanAbsoluteError)
{
    public static ShadowDto From(ShadowSummary s) => new(s.N, s.Agreement, s.AgreementLow, s.AgreementHigh, s.Kappa, s.LiveAccuracy, s.ShadowAccuracy, s.McNemarP,
        s.Labelled, s.MedianDifference, s.WilcoxonP, s.LiveMeanAbsoluteError, s.ShadowMeanAbsoluteError);
}

/// <summary>A deployment; <c>runs</c> and <c>decisions</c> are filled on GET of one deployment, null in lists;
/// <c>lastVerdict</c> is the latest run's verdict (<c>error</c> when it could not judge, null before any run).</summary>
public sealed record DeploymentDto(
    long Id, string Model, string Strategy, string Baseline, string Candidate, string State, int Weight, int CurrentStep, IReadOnlyList<StepDto> Steps,
    AnalysisDto Analysis, string VersionTag, int RollbackWindowSeconds, DateTime CreatedAt, string CreatedBy, DateTime UpdatedAt, DateTime? PromotedAt,
    DateTime? LastAnalysisAt, int Failures, int Inconclusives, int ConsecutiveErrors, string? LastVerdict, IReadOnlyList<AnalysisRunDto>? Runs,
    IReadOnlyList<DecisionDto>? Decisions)
{
    /// <summary>Only in the answer to the create request, when a step has an approval webhook: the secret its calls
    /// are signed with (<c>X-MonitorHub-Signature</c>, as for webhook channels). Never shown again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookSecret { get; init; }

    public static DeploymentDto From(
        Deployment d, IReadOnlyList<AnalysisRun>? runs = null, IReadOnlyList<DeploymentDecision>? decisions = null, AnalysisRun? latest = null) => new(
        d.Id, d.Spec.Model, Wire.Name(d.Spec.Strategy), d.Spec.Baseline, d.Spec.Candidate, Wire.Name(d.State), d.Weight, d.CurrentStep,
        [.. d.Spec.Steps.Select(StepDto.From)], AnalysisDto.From(d.Spec.Analysis), d.Spec.VersionTag, d.Spec.RollbackWindowSeconds, d.CreatedAt.UtcDateTime,
        d.CreatedBy, d.UpdatedAt.UtcDateTime, d.PromotedAt?.UtcDateTime, d.LastAnalysisAt?.UtcDateTime, d.Failures, d.Inconclusives, d.ConsecutiveErrors,
        (latest ?? runs?.LastOrDefault()) is { } run ? run.Verdict is { } v ? Wire.Name(v) : "error" : null,
        runs?.Select(AnalysisRunDto.From).ToList(), decisions?.Select(DecisionDto.Of).ToList()) { RouterChannel = d.Spec.RouterChannel };

    /// <summary>The webhook channel told of every weight change, if any.</summary>
    public int? RouterChannel { get; init; }
}

public sealed record DeploymentPageDto(int Total, IReadOnlyList<DeploymentDto> Items);

/// <summary>The routing answer: which version serves the key, as which arm, and who decides.</summary>
public sealed record RouteDto(string Version, string Arm, string Decide);

/// <summary>Enum words on the wire: camelCase out, any case in; numbers are not accepted for names.</summary>
internal static class Wire
{
    public static string Name<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static T Parse<T>(string? text, string field, T fallback, List<ValidationIssue> issues) where T : struct, Enum
    {
        if (text is null) return fallback;
        if (!char.IsAsciiDigit(text.FirstOrDefault('0')) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        issues.Add(new(null, field, "One of " + string.Join(", ", Enum.GetValues<T>().Select(Name)) + "."));
        return fallback;
    }
}
