using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Deployments;

/// <summary>Checks a deployment field by field; fields are named as the API spells them
/// (<c>steps[2].setWeight</c>), so a client can point at the exact input to fix.</summary>
public static class DeploymentValidation
{
    public const int MaxSteps = 50;
    public const int MaxPauseSeconds = 30 * 86400;
    public const int MaxAnalysisCount = 1000;
    public const int MinIntervalSeconds = 10;
    public const int MaxIntervalSeconds = 86400;
    public const int MaxMetrics = 20;
    public const int MaxSlices = 5;
    public const int MaxWebhookLength = 2000;

    public static List<ValidationIssue> Validate(DeploymentSpec spec)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));

        if (!PredictionLimits.IsValidModelName(spec.Model)) Add("model", "A model name ([A-Za-z0-9_.-], at most 100 characters).");
        if (!Enum.IsDefined(spec.Strategy)) Add("strategy", "One of shadow, canary, blueGreen.");
        Version(issues, "baseline", spec.Baseline);
        if (Version(issues, "candidate", spec.Candidate) && string.Equals(spec.Baseline, spec.Candidate, StringComparison.Ordinal))
            Add("candidate", "Must differ from the baseline version.");
        if (!IsTagName(spec.VersionTag)) Add("versionTag", $"A tag name (no spaces, at most {IngestionLimits.MaxTagKeyLength} characters).");
        if (spec.RollbackWindowSeconds is < 0 or > MaxPauseSeconds) Add("rollbackWindowSeconds", $"Between 0 and {MaxPauseSeconds} seconds.");
        if (spec.RouterChannel is <= 0) Add("routerChannel", "The id of a webhook channel (GET /api/v1/channels).");
        ValidateSteps(spec, Add);
        ValidateAnalysis(spec.Analysis, Add);
        return issues;
    }

    /// <summary>
    /// Why <paramref name="spec"/> cannot start next to the model's rollouts in progress, or null. Traffic can be
    /// split only one way at a time, so a model has at most one canary or blue-green rollout; a shadow
    /// deployment takes no traffic (its answers are logged, never used), so one may run next to it.
    /// </summary>
    /// <param name="active">The model's deployments still pending, progressing or paused.</param>
    public static string? Conflict(DeploymentSpec spec, IEnumerable<(long Id, DeploymentStrategy Strategy)> active)
    {
        var shadow = spec.Strategy == DeploymentStrategy.Shadow;
        foreach (var (id, strategy) in active)
        {
            if ((strategy == DeploymentStrategy.Shadow) != shadow) continue;
            var kind = shadow ? "a shadow deployment" : (strategy == DeploymentStrategy.Canary ? "a canary" : "a blue-green") + " rollout";
            var rule = shadow
                ? "a model runs one shadow deployment at a time (next to at most one canary or blue-green rollout)"
                : "a model takes one canary or blue-green rollout at a time (and at most one shadow deployment next to it)";
            return $"Model '{spec.Model}' already has {kind} in progress (deployment {id}); finish, abort or roll it back first: {rule}.";
        }

        return null;
    }

    private static bool Version(List<ValidationIssue> issues, string field, string? version) =>
        ValidationRules.Name(issues, field, version, PredictionLimits.MaxVersionLength);

    private static void ValidateSteps(DeploymentSpec spec, Action<string, string> add)
    {
        if (spec.Steps.Count == 0)
        {
            add("steps", "At least one step: a rollout with no steps has nothing to do.");
            return;
        }

        if (spec.Steps.Count > MaxSteps) add("steps", $"At most {MaxSteps} steps.");
        var lastWeight = 0;
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            var step = spec.Steps[i];
            var at = $"steps[{i}]";
            switch (step.Kind)
            {
                case StepKind.SetWeight when step.Weight is not { } weight || weight is < 0 or > 100:
                    add(at + ".setWeight", "A percentage between 0 and 100.");
                    break;
                case StepKind.SetWeight when spec.Strategy == DeploymentStrategy.Shadow && step.Weight > 0:
                    add(at + ".setWeight", "A shadow deployment sends no traffic to the candidate: only setWeight 0 makes sense.");
                    break;
                case StepKind.SetWeight when spec.Strategy == DeploymentStrategy.BlueGreen:
                    add(at + ".setWeight", "Blue-green switches all traffic at once after its steps; use pause, analysis and approval steps.");
                    break;
                case StepKind.SetWeight:
                    if (step.Weight < lastWeight) add(at + ".setWeight", $"Weights only rise during a rollout (the step before set {lastWeight}); abort or roll back to lower it.");
                    lastWeight = step.Weight!.Value;
                    break;
                case StepKind.Pause when step.PauseSeconds is { } seconds && seconds is < 1 or > MaxPauseSeconds:
                    add(at + ".pause.seconds", $"Between 1 and {MaxPauseSeconds} seconds, or leave it out to pause until resumed.");
                    break;
                case StepKind.Analysis:
                    if (step.Count is not { } count || count is < 1 or > MaxAnalysisCount) add(at + ".analysis.count", $"Between 1 and {MaxAnalysisCount} runs.");
                    if (step.IntervalSeconds is not { } interval || interval is < MinIntervalSeconds or > MaxIntervalSeconds)
                        add(at + ".analysis.intervalSeconds", $"Between {MinIntervalSeconds} and {MaxIntervalSeconds} seconds.");
                    if (spec.Analysis.Metrics.Count == 0) add(at + ".analysis", "An analysis step needs analysis.metrics to judge.");
                    break;
                case StepKind.Approval when step.Webhook is { } url && !IsHttpUrl(url):
                    add(at + ".approval.webhook", $"An absolute http(s) URL of at most {MaxWebhookLength} characters.");
                    break;
            }
        }
    }

    private static bool IsTagName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= IngestionLimits.MaxTagKeyLength && !name.Any(char.IsWhiteSpace);

    private static bool IsHttpUrl(string url) =>
        url.Length <= MaxWebhookLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static void ValidateAnalysis(AnalysisSpec analysis, Action<string, string> add)
    {
        if (analysis.Metrics.Count > MaxMetrics) add("analysis.metrics", $"At most {MaxMetrics} metrics.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < analysis.Metrics.Count; i++)
        {
            var metric = analysis.Metrics[i];
            var at = $"analysis.metrics[{i}]";
            if (!Enum.IsDefined(metric.Kind)) add(at + ".kind", "One of samples, errorRate, accuracy, outputDrift.");
            if (metric.Kind == AnalysisMetricKind.Samples && !IngestionLimits.IsValidMetricKey(metric.Name))
                add(at + ".name", "A samples metric is named by its metric key ([a-z0-9_.:-]{1,128}).");
            else if (string.IsNullOrWhiteSpace(metric.Name) || metric.Name.Length > 128) add(at + ".name", "Required, at most 128 characters.");
            else if (!names.Add(metric.Name)) add(at + ".name", $"'{metric.Name}' is already analysed.");
            if (!Enum.IsDefined(metric.Direction)) add(at + ".direction", "One of increase, decrease, either.");
            if (metric.AllowedIncrease is { } up && (!double.IsFinite(up) || up < 1)) add(at + ".allowedIncrease", "A ratio of at least 1 (1.1 allows 10 % more).");
            if (metric.AllowedDecrease is { } down && (!double.IsFinite(down) || down is <= 0 or > 1)) add(at + ".allowedDecrease", "A ratio above 0 and at most 1 (0.9 allows 10 % less).");
            if (!double.IsFinite(metric.Weight) || metric.Weight <= 0) add(at + ".weight", "A positive number.");
            if (metric.NonInferiorityMargin is { } margin)
            {
                if (metric.Kind != AnalysisMetricKind.Accuracy) add(at + ".nonInferiorityMargin", "Only accuracy metrics have a non-inferiority margin.");
                else if (!double.IsFinite(margin) || margin is <= 0 or >= 1) add(at + ".nonInferiorityMargin", "A difference in accuracy above 0 and below 1.");
            }
        }

        if (analysis.Slices.Count > MaxSlices) add("analysis.slices", $"At most {MaxSlices} slice tags.");
        for (var i = 0; i < analysis.Slices.Count; i++)
        {
            if (!IsTagName(analysis.Slices[i])) add($"analysis.slices[{i}]", $"A tag name (no spaces, at most {IngestionLimits.MaxTagKeyLength} characters).");
        }

        if (analysis.FailureLimit is < 0 or > 100) add("analysis.failureLimit", "Between 0 and 100.");
        if (analysis.InconclusiveLimit is < 0 or > 100) add("analysis.inconclusiveLimit", "Between 0 and 100.");
        if (analysis.ConsecutiveErrorLimit is < 0 or > 100) add("analysis.consecutiveErrorLimit", "Between 0 and 100.");
        if (analysis.MinSamplesPerArm is < 1 or > 10_000_000) add("analysis.minSamplesPerArm", "Between 1 and 10 000 000.");
        if (!double.IsFinite(analysis.MinLabelledFraction) || analysis.MinLabelledFraction is < 0 or > 1) add("analysis.minLabelledFraction", "A fraction between 0 and 1.");
        if (!double.IsFinite(analysis.PassScore) || analysis.PassScore is < 0 or > 100) add("analysis.passScore", "Between 0 and 100.");
        if (!double.IsFinite(analysis.MarginalScore) || analysis.MarginalScore < 0 || analysis.MarginalScore > analysis.PassScore)
            add("analysis.marginalScore", "Between 0 and the pass score.");
        if (!double.IsFinite(analysis.Alpha) || analysis.Alpha is <= 0 or >= 0.5) add("analysis.alpha", "Above 0 and below 0.5.");
        if (analysis.WindowSeconds is < 60 or > 86400) add("analysis.windowSeconds", "Between 60 and 86400 seconds.");
    }
}
