using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Deployments;

/// <summary>
/// The create dialog's editable state: rows a person adds, removes and reorders, turned into a
/// <see cref="DeploymentSpec"/> for the Core validation (whose field names, such as
/// <c>steps[2].setWeight</c>, say which input an error belongs to).
/// </summary>
public sealed class DeploymentDraft
{
    public sealed class StepRow
    {
        public StepKind Kind { get; set; }
        public int? Weight { get; set; }
        public int? PauseSeconds { get; set; }
        public int? Count { get; set; } = 3;
        public int? IntervalSeconds { get; set; } = 60;

        public DeploymentStep ToStep() => Kind switch
        {
            StepKind.SetWeight => DeploymentStep.SetWeight(Weight ?? -1),
            StepKind.Pause => DeploymentStep.Pause(PauseSeconds),
            StepKind.Analysis => new DeploymentStep(StepKind.Analysis, Count: Count, IntervalSeconds: IntervalSeconds),
            _ => DeploymentStep.Approval(),
        };
    }

    public sealed class MetricRow
    {
        public string? Name { get; set; }
        public AnalysisMetricKind Kind { get; set; } = AnalysisMetricKind.Samples;
        public MetricDirection Direction { get; set; } = MetricDirection.Increase;
        public double? AllowedIncrease { get; set; } = 1.1;
        public double? AllowedDecrease { get; set; }
        public bool Critical { get; set; }

        public AnalysisMetricSpec ToSpec() => new(Name?.Trim() ?? "", Kind, Direction, AllowedIncrease, AllowedDecrease, Critical);
    }

    public string? Model { get; set; }
    public DeploymentStrategy Strategy { get; set; } = DeploymentStrategy.Canary;
    public string? Baseline { get; set; }
    public string? Candidate { get; set; }
    public string? Slices { get; set; }
    public int MinSamplesPerArm { get; set; } = 200;
    public List<StepRow> Steps { get; } = CanarySteps();
    public List<MetricRow> Metrics { get; } = [new()];

    /// <summary>The canary most teams start from: 10 %, three one-minute analyses, 50 %, then a person approves.</summary>
    public static List<StepRow> CanarySteps() =>
    [
        new() { Kind = StepKind.SetWeight, Weight = 10 },
        new() { Kind = StepKind.Analysis, Count = 3, IntervalSeconds = 60 },
        new() { Kind = StepKind.SetWeight, Weight = 50 },
        new() { Kind = StepKind.Approval },
    ];

    public void Move(int index, int by)
    {
        var to = index + by;
        if (to < 0 || to >= Steps.Count) return;
        (Steps[index], Steps[to]) = (Steps[to], Steps[index]);
    }

    public DeploymentSpec ToSpec()
    {
        var slices = (Slices ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var analysis = new AnalysisSpec([.. Metrics.Select(m => m.ToSpec())], slices, MinSamplesPerArm: MinSamplesPerArm);
        return new DeploymentSpec(Model?.Trim() ?? "", Strategy, Baseline?.Trim() ?? "", Candidate?.Trim() ?? "", [.. Steps.Select(s => s.ToStep())], analysis);
    }

    /// <summary>Issues by field; a list field's issue (<c>analysis.slices[1]</c>) is also filed under the list.</summary>
    public static Dictionary<string, string> ByField(IEnumerable<ValidationIssue> issues)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var issue in issues)
        {
            result.TryAdd(issue.Field, issue.Reason);
            var bracket = issue.Field.IndexOf('[', StringComparison.Ordinal);
            if (issue.Field.StartsWith("analysis.slices", StringComparison.Ordinal) && bracket > 0) result.TryAdd(issue.Field[..bracket], issue.Reason);
        }

        return result;
    }
}
