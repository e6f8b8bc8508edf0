using System.Globalization;
using Microsoft.Extensions.Logging;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Deployments;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>The judge as the controller calls it; <see cref="Judge.Evaluate"/> unless a test supplies another.</summary>
public delegate JudgeResult JudgeFunction(AnalysisSpec spec, IReadOnlyList<ArmPair> pairs);

/// <summary>
/// Moves rollouts along: on each tick (the recurring job, or a test calling <see cref="RunAsync"/>
/// with a fake clock) every live deployment is checked for critical alarms on its candidate, its approval
/// webhook asked when it waits on one, advanced
/// through its steps by the pure state machine, and analysed when a step or the background cadence
/// asks; each run's verdict is applied against the deployment's limits.
/// </summary>
public sealed partial class DeploymentController(
    DeploymentStore store, ArmGathering gathering, PairedPredictions paired, JudgeFunction judge, AlarmStore alarms, ApprovalWebhook webhook, TimeProvider clock,
    ILogger<DeploymentController> logger)
{
    private readonly ILogger _logger = logger;

    /// <summary>One tick over every live deployment; returns how many changed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var live = await store.AllAsync(activeOnly: true, cancellationToken);
        if (live.Count == 0) return 0;
        var firing = await alarms.ListAlarmsAsync(AlarmState.Firing, null, openOnly: true, cancellationToken: cancellationToken);
        var changed = 0;
        foreach (var deployment in live)
        {
            if (await AdvanceAsync(deployment, firing, cancellationToken)) changed++;
        }

        return changed;
    }

    /// <summary>Runs the analysis now (<c>POST …/analyze</c>) and applies it like any other run.</summary>
    public async Task<StoreResult<AnalysisRun>> AnalyzeNowAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } deployment) return StoreResult<AnalysisRun>.NotFound();
        var result = await AnalyzeAsync(deployment, AnalysisTrigger.Manual, cancellationToken);
        return new(result.Outcome, result.Value?.Run, result.Issues);
    }

    private async Task<bool> AdvanceAsync(Deployment deployment, IReadOnlyList<AlarmView> firing, CancellationToken cancellationToken)
    {
        if (CandidateAlarm(deployment, firing) is { } alarm)
        {
            var rolledBack = await store.ChangeAsync(deployment.Id, null, (d, _) => d.IsTerminal
                ? new DeploymentStore.Change(null, [])
                : DeploymentStore.Change.Of(DeploymentStateMachine.RollBackForAlarm(d, Describe(alarm), clock.GetUtcNow())), null, cancellationToken);
            LogRolledBackForAlarm(deployment.Id, alarm.Id);
            return rolledBack.IsOk;
        }

        if (deployment is { State: DeploymentState.Paused, PromotedAt: null, Step: { Kind: StepKind.Approval, Webhook: { } url } }
            && await webhook.AskAsync(deployment, url, await store.WebhookSecretAsync(deployment.Id, cancellationToken), cancellationToken) is { } approval)
        {
            // Only the approval it was asked about: a person may have acted meanwhile.
            await store.ChangeAsync(deployment.Id, null, (d, _) => d.State == DeploymentState.Paused && d.CurrentStep == deployment.CurrentStep
                ? DeploymentStore.Change.Of(DeploymentStateMachine.Act(d, DeploymentAction.Promote, ApprovalWebhook.Actor, approval, clock.GetUtcNow()).Transition!)
                : new DeploymentStore.Change(null, []), null, cancellationToken);
        }

        AnalysisTrigger? due = null;
        var ticked = await store.ChangeAsync(deployment.Id, null, (d, _) =>
        {
            var (next, decisions, analysis) = DeploymentStateMachine.Tick(d, clock.GetUtcNow());
            due = analysis;
            return new DeploymentStore.Change(next, decisions);
        }, null, cancellationToken);
        if (!ticked.IsOk) return false;
        var changed = ticked.Value.Decisions.Count > 0;
        if (due is { } trigger) changed |= (await AnalyzeAsync(ticked.Value.Deployment, trigger, cancellationToken)).IsOk;
        return changed;
    }

    private async Task<StoreResult<DeploymentChange>> AnalyzeAsync(Deployment d, AnalysisTrigger trigger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = now.AddSeconds(-d.Spec.Analysis.WindowSeconds);
        AnalysisRun run;
        try
        {
            var pairs = await gathering.GatherAsync(d, from, now, cancellationToken);
            ShadowSummary? shadow = null;
            JudgeResult result;
            if (ShadowVerdict.Compares(d))
            {
                shadow = await ShadowAsync(d, from, now, cancellationToken);
                result = ShadowVerdict.Combine(d.Spec.Analysis.Metrics.Count == 0 ? ShadowVerdict.Unjudged : judge(d.Spec.Analysis, pairs), shadow, d.Spec);
            }
            else
            {
                result = judge(d.Spec.Analysis, pairs);
            }

            run = new AnalysisRun(0, d.Id, now, from, now, trigger, result.Verdict, result.Score, result.Reasons, result.Metrics, null, shadow);
        }
#pragma warning disable CA1031 // A run that cannot read or judge its data is an error run, counted toward consecutiveErrorLimit.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogAnalysisFailed(ex, d.Id);
            run = new AnalysisRun(0, d.Id, now, from, now, trigger, null, null, [], [], ex.GetType().Name + ": " + ex.Message);
        }

        var applied = await store.ChangeAsync(d.Id, run, (current, saved) => DeploymentStore.Change.Of(DeploymentStateMachine.ApplyRun(current, saved!, now)), null, cancellationToken);
        if (applied.IsOk) LogAnalysed(d.Id, applied.Value.Run!.Id, run.Verdict?.ToString() ?? "error");
        return applied;
    }

    /// <summary>Pairs, per request id in the window, the baseline's live answer (or, failing that, a person's)
    /// with the candidate's shadow answer.</summary>
    private async Task<ShadowSummary?> ShadowAsync(Deployment d, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await paired.RowsAsync([d.Spec.Model], from, to, cancellationToken);
        var pairs = ShadowPairing.Pair(rows,
            r => r.Role == Core.Drift.Predictions.PredictionRole.Live && r.Version == d.Spec.Baseline ? 0 : r.Role == Core.Drift.Predictions.PredictionRole.Human ? 1 : null,
            r => r.Role == Core.Drift.Predictions.PredictionRole.Shadow && r.Version == d.Spec.Candidate);
        return ShadowPairing.Summarise(pairs);
    }

    /// <summary>A firing critical alarm on one of the analysis metrics, on a series tagged with the candidate.</summary>
    private static AlarmView? CandidateAlarm(Deployment d, IReadOnlyList<AlarmView> firing)
    {
        foreach (var alarm in firing)
        {
            if (alarm.Severity != Severity.Critical || !d.Spec.Analysis.Metrics.Any(m => m.Name == alarm.Metric)) continue;
            if (alarm.Tags.TryGet(d.Spec.VersionTag, out var version) && version == d.Spec.Candidate) return alarm;
        }

        return null;
    }

    private static string Describe(AlarmView alarm) =>
        string.Create(CultureInfo.InvariantCulture, $"'{alarm.RuleName}' (alarm {alarm.Id}) on {alarm.Metric}{(alarm.Tags.Count > 0 ? " {" + alarm.Tags.Key + "}" : "")}");

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Deployment {DeploymentId} rolled back: critical alarm {AlarmId} on its candidate")]
    private partial void LogRolledBackForAlarm(long deploymentId, long alarmId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Analysis of deployment {DeploymentId} failed; counted toward its consecutive error limit")]
    private partial void LogAnalysisFailed(Exception exception, long deploymentId);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Deployment {DeploymentId}: analysis run {RunId} {Verdict}")]
    private partial void LogAnalysed(long deploymentId, long runId, string verdict);
}
