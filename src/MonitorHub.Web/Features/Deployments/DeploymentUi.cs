using System.Globalization;
using MonitorHub.Core.Deployments;
using MonitorHub.Web.Components.Layout;
using MudBlazor;

namespace MonitorHub.Web.Features.Deployments;

/// <summary>Colours, words and the per-state rules the deployment pages share.</summary>
public static class DeploymentUi
{
    public static readonly IReadOnlyList<DeploymentAction> Actions = Enum.GetValues<DeploymentAction>();

    public static Color StateColor(DeploymentState state) => state switch
    {
        DeploymentState.Pending => Color.Default,
        DeploymentState.Progressing => Color.Info,
        DeploymentState.Paused => Color.Warning,
        DeploymentState.Succeeded => Color.Success,
        DeploymentState.Aborted => Color.Dark,
        _ => Color.Error,
    };

    public static Color VerdictColor(RunVerdict? verdict) => verdict switch
    {
        RunVerdict.Pass => Color.Success,
        RunVerdict.Marginal => Color.Warning,
        RunVerdict.Fail => Color.Error,
        RunVerdict.Inconclusive => Color.Secondary,
        _ => Color.Dark,
    };

    public static Color VerdictColor(MetricVerdict verdict) => verdict switch
    {
        MetricVerdict.Pass => Color.Success,
        MetricVerdict.High or MetricVerdict.Low => Color.Error,
        _ => Color.Secondary,
    };

    /// <summary>A state's colour on charts (weight chart markers, metric chart markers).</summary>
    public static string ChartColor(DeploymentState state) => state switch
    {
        DeploymentState.RolledBack or DeploymentState.Aborted => MonitorHubTheme.Chart.Alert,
        DeploymentState.Paused => MonitorHubTheme.Chart.Warning,
        DeploymentState.Succeeded => MonitorHubTheme.Chart.Ok,
        _ => MonitorHubTheme.Chart.Muted,
    };

    public static string Name(DeploymentState state) => DeploymentStateMachine.Name(state);

    public static string Name(RunVerdict? verdict) => verdict is { } v ? DeploymentStateMachine.Name(v) : "error";

    public static string Name(MetricVerdict verdict) => verdict == MetricVerdict.NoData ? "noData" : verdict.ToString().ToLowerInvariant();

    public static string Name(DeploymentAction action) => action.ToString().ToLowerInvariant();

    public static string Name(DeploymentStrategy strategy) => strategy == DeploymentStrategy.BlueGreen ? "blue-green" : strategy.ToString().ToLowerInvariant();

    /// <summary>
    /// Whether <paramref name="action"/> is allowed now: asked of the state machine itself (the answer
    /// is thrown away), so a button is enabled exactly when the API would accept the action.
    /// </summary>
    public static bool Allows(Deployment deployment, DeploymentAction action, DateTimeOffset now) =>
        DeploymentStateMachine.Act(deployment, action, "ui", "check", now).Transition is not null;

    /// <summary>What a step does, in words ("Weight 10 %", "Analysis 3 × 60 s").</summary>
    public static string Describe(DeploymentStep step) => step.Kind switch
    {
        StepKind.SetWeight => $"Weight {step.Weight} %",
        StepKind.Pause when step.PauseSeconds is { } s => $"Pause {Seconds(s)}",
        StepKind.Pause => "Pause until resumed",
        StepKind.Analysis => $"Analysis {step.Count} × {Seconds(step.IntervalSeconds ?? 0)}",
        _ => step.Webhook is null ? "Approval" : "Approval (webhook)",
    };

    public static string Seconds(int seconds) =>
        seconds % 3600 == 0 ? $"{seconds / 3600} h" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds} s";

    public static string Number(double? value, string format = "G4") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>p-values: scientific below 0.001 so a tiny one stays readable.</summary>
    public static string PValue(double? p) =>
        p is not { } v ? "—" : v < 0.001 ? v.ToString("0.0e0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Slice(MetricJudgement m) => m.SliceTag is null ? "overall" : $"{m.SliceTag}={m.SliceValue}";
}
