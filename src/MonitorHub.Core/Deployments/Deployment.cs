namespace MonitorHub.Core.Deployments;

/// <summary>How the candidate meets traffic: next to the baseline without answering (shadow), on a
/// growing share of keys (canary), or all at once with the baseline kept warm for a rollback (blue-green).</summary>
public enum DeploymentStrategy
{
    Shadow,
    Canary,
    BlueGreen,
}

/// <summary>pending → progressing ⇄ paused → succeeded | aborted | rolledBack.</summary>
public enum DeploymentState
{
    Pending,
    Progressing,
    Paused,
    Succeeded,
    Aborted,
    RolledBack,
}

public enum StepKind
{
    SetWeight,
    Pause,
    Analysis,
    Approval,
}

/// <summary>One step of a rollout, with Argo Rollouts' names. Only the fields of its kind are set.</summary>
/// <param name="PauseSeconds">Pause only; null pauses until a person resumes.</param>
/// <param name="Webhook">Approval only: a URL that must also answer 2xx before the step passes.</param>
public sealed record DeploymentStep(
    StepKind Kind, int? Weight = null, int? PauseSeconds = null, int? Count = null, int? IntervalSeconds = null, string? Webhook = null)
{
    public static DeploymentStep SetWeight(int weight) => new(StepKind.SetWeight, Weight: weight);

    public static DeploymentStep Pause(int? seconds = null) => new(StepKind.Pause, PauseSeconds: seconds);

    public static DeploymentStep Analysis(int count, int intervalSeconds) => new(StepKind.Analysis, Count: count, IntervalSeconds: intervalSeconds);

    public static DeploymentStep Approval(string? webhook = null) => new(StepKind.Approval, Webhook: webhook);
}

/// <summary>What a person asks for when creating a deployment.</summary>
/// <param name="VersionTag">The metric tag that names the arm's version on samples (<c>version=v8</c>).</param>
/// <param name="RollbackWindowSeconds">Blue-green: how long the baseline is kept after the switch.</param>
/// <param name="RouterChannel">A webhook channel told of every weight change (a router that does not poll the route call).</param>
public sealed record DeploymentSpec(
    string Model,
    DeploymentStrategy Strategy,
    string Baseline,
    string Candidate,
    IReadOnlyList<DeploymentStep> Steps,
    AnalysisSpec Analysis,
    string VersionTag = "version",
    int RollbackWindowSeconds = 3600,
    int? RouterChannel = null);

/// <summary>A deployment and where its rollout stands. Counters follow Argo Rollouts' analysis limits.</summary>
/// <param name="Weight">Percent of keys the candidate answers (0–100).</param>
/// <param name="CurrentStep">Index of the step being carried out; Steps.Count once every step is done.</param>
/// <param name="StepRuns">Analysis runs done for the current analysis step.</param>
/// <param name="PromotedAt">Blue-green: when traffic switched to the candidate (the rollback window starts).</param>
public sealed record Deployment(
    long Id,
    DeploymentSpec Spec,
    long Salt,
    DeploymentState State,
    int Weight,
    int CurrentStep,
    DateTimeOffset StepStartedAt,
    int StepRuns,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PromotedAt = null,
    int Failures = 0,
    int Inconclusives = 0,
    int ConsecutiveErrors = 0,
    DateTimeOffset? LastAnalysisAt = null)
{
    public bool IsTerminal => State is DeploymentState.Succeeded or DeploymentState.Aborted or DeploymentState.RolledBack;

    public DeploymentStep? Step => CurrentStep < Spec.Steps.Count ? Spec.Steps[CurrentStep] : null;
}

/// <summary>A change of a deployment's state or weight, with who decided and why.</summary>
/// <param name="Actor">A user name, <c>key:name</c>, <c>analysis</c> or <c>controller</c>.</param>
public sealed record DeploymentDecision(
    DateTimeOffset At, DeploymentState From, DeploymentState To, int Weight, int Step, string Actor, string Reason);

/// <summary>What started an analysis run.</summary>
public enum AnalysisTrigger
{
    Background,
    Step,
    Manual,
}

/// <summary>One analysis run: the window judged and its outcome; an error instead of a verdict when
/// the data could not be read or judged; for shadow runs, the paired comparison.</summary>
public sealed record AnalysisRun(
    long Id,
    long DeploymentId,
    DateTimeOffset StartedAt,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    AnalysisTrigger Trigger,
    RunVerdict? Verdict,
    double? Score,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<MetricJudgement> Metrics,
    string? Error,
    ShadowSummary? Shadow = null);

/// <summary>A registered version of a model.</summary>
public sealed record ModelVersion(string Model, string Version, string Description, string CreatedBy, DateTimeOffset CreatedAt);
