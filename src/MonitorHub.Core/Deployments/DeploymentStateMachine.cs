using System.Globalization;

namespace MonitorHub.Core.Deployments;

/// <summary>What a person (or key) can ask of a deployment.</summary>
public enum DeploymentAction
{
    /// <summary>Passes the approval or pause the rollout waits on; otherwise promotes fully.</summary>
    Promote,
    Pause,
    Resume,
    Abort,
    Rollback,
}

/// <summary>A deployment after a change, and the decision that records it (null when nothing changed).</summary>
public sealed record Transition(Deployment Deployment, DeploymentDecision? Decision);

/// <summary>
/// The pure state machine: pending → progressing ⇄ paused → succeeded | aborted | rolledBack. Every
/// change comes back with the decision recording it (who, why), so the store writes both together and
/// a state is never changed without its reason. Time is a parameter; nothing here reads a clock.
/// </summary>
public static class DeploymentStateMachine
{
    public const string ControllerActor = "controller";
    public const string AnalysisActor = "analysis";

    /// <summary>A person's action, or the conflict explaining why the current state does not allow it.</summary>
    public static (Transition? Transition, string? Conflict) Act(Deployment d, DeploymentAction action, string actor, string reason, DateTimeOffset now)
    {
        var state = Name(d.State);
        switch (action)
        {
            case DeploymentAction.Pause when d.State == DeploymentState.Progressing:
                return (Change(d, d with { State = DeploymentState.Paused }, actor, reason, now), null);
            case DeploymentAction.Pause:
                return (null, $"Only a progressing deployment can be paused; this one is {state}.");
            case DeploymentAction.Resume when d.State == DeploymentState.Paused && d.Step?.Kind == StepKind.Approval && d.PromotedAt is null:
                return (null, "The deployment is paused waiting for approval at step " + d.CurrentStep + ": promote it to approve.");
            case DeploymentAction.Resume when d.State == DeploymentState.Paused:
                // An indefinite pause step is what the rollout waited on: resuming passes it.
                var resumed = d.Step is { Kind: StepKind.Pause, PauseSeconds: null } ? NextStep(d, now) : d;
                return (Change(d, resumed with { State = DeploymentState.Progressing, Inconclusives = 0, ConsecutiveErrors = 0 }, actor, reason, now), null);
            case DeploymentAction.Resume:
                return (null, $"Only a paused deployment can be resumed; this one is {state}.");
            case DeploymentAction.Promote when d.IsTerminal:
                return (null, $"The deployment is {state}; there is nothing left to promote.");
            case DeploymentAction.Promote when d.PromotedAt is not null:
                // Blue-green inside its rollback window: release the baseline now.
                return (Change(d, Succeed(d, now), actor, reason, now), null);
            case DeploymentAction.Promote when d.State != DeploymentState.Pending && d.Step?.Kind is StepKind.Approval or StepKind.Pause:
                return (Change(d, NextStep(d, now) with { State = DeploymentState.Progressing, Inconclusives = 0, ConsecutiveErrors = 0 }, actor, reason, now), null);
            case DeploymentAction.Promote:
                return (Change(d, PromoteFully(d, now), actor, reason, now), null);
            case DeploymentAction.Abort when !d.IsTerminal:
                return (Change(d, d with { State = DeploymentState.Aborted, Weight = 0 }, actor, reason, now), null);
            case DeploymentAction.Abort:
                return (null, $"The deployment is already {state}.");
            case DeploymentAction.Rollback when !d.IsTerminal:
                return (Change(d, d with { State = DeploymentState.RolledBack, Weight = 0 }, actor, reason, now), null);
            case DeploymentAction.Rollback:
                return (null, d.State == DeploymentState.Succeeded
                    ? "The deployment has succeeded and its baseline is no longer kept; deploy the old version again instead."
                    : $"The deployment is already {state}.");
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    /// <summary>
    /// One controller tick: starts a pending deployment, carries out steps whose time has come, and says
    /// whether an analysis run is due (the caller runs it and applies it with <see cref="ApplyRun"/>).
    /// Several steps may pass in one tick (set weight, then a finished pause); each leaves a decision.
    /// </summary>
    public static (Deployment Deployment, IReadOnlyList<DeploymentDecision> Decisions, AnalysisTrigger? Analysis) Tick(Deployment d, DateTimeOffset now)
    {
        var decisions = new List<DeploymentDecision>();
        void Apply(Transition t)
        {
            d = t.Deployment;
            if (t.Decision is not null) decisions.Add(t.Decision);
        }

        if (d.State == DeploymentState.Pending) Apply(Change(d, NextStepAt(d, 0, now) with { State = DeploymentState.Progressing }, ControllerActor, "Rollout started.", now));
        for (var guard = 0; guard <= d.Spec.Steps.Count + 1 && d.State == DeploymentState.Progressing; guard++)
        {
            if (d.PromotedAt is { } promoted)
            {
                // Blue-green after the switch: the baseline is kept for the window, then the rollout is done.
                if (now >= promoted.AddSeconds(d.Spec.RollbackWindowSeconds))
                    Apply(Change(d, d with { State = DeploymentState.Succeeded }, ControllerActor, $"Rollback window of {d.Spec.RollbackWindowSeconds} s passed; the baseline is released.", now));
                break;
            }

            var step = d.Step;
            if (step is null)
            {
                Apply(Change(d, PromoteFully(d, now), ControllerActor, "Every step passed.", now));
                continue;
            }

            var at = d.CurrentStep.ToString(CultureInfo.InvariantCulture);
            if (step.Kind == StepKind.SetWeight)
            {
                Apply(Change(d, NextStep(d, now) with { Weight = step.Weight!.Value }, ControllerActor, $"Step {at}: weight set to {step.Weight} %.", now));
                continue;
            }

            if (step.Kind == StepKind.Pause && step.PauseSeconds is null)
            {
                Apply(Change(d, d with { State = DeploymentState.Paused }, ControllerActor, $"Step {at}: paused until resumed.", now));
                break;
            }

            if (step.Kind == StepKind.Pause)
            {
                if (now < d.StepStartedAt.AddSeconds(step.PauseSeconds!.Value)) break;
                Apply(Change(d, NextStep(d, now), ControllerActor, $"Step {at}: pause of {step.PauseSeconds} s over.", now));
                continue;
            }

            if (step.Kind == StepKind.Approval)
            {
                Apply(Change(d, d with { State = DeploymentState.Paused }, ControllerActor, $"Step {at}: waiting for approval (promote).", now));
                break;
            }

            // Analysis step: count runs, one every interval, the first an interval after the step began, like
            // the background analysis: run at once, in the tick that set the weight, the candidate would have no
            // traffic yet and the run would come out inconclusive and pause the rollout.
            if (d.StepRuns >= step.Count)
            {
                Apply(Change(d, NextStep(d, now), ControllerActor, $"Step {at}: {step.Count} analysis runs passed.", now));
                continue;
            }

            return now >= d.StepStartedAt.AddSeconds((d.StepRuns + 1.0) * step.IntervalSeconds!.Value)
                ? (d, decisions, AnalysisTrigger.Step)
                : (d, decisions, null);
        }

        // Background analysis every window for as long as the rollout is live (after a blue-green switch too).
        // The first one waits a whole window from the current step's start: run in the tick that set the
        // weight, the candidate would have no traffic yet and every rollout would pause as inconclusive. After a
        // blue-green switch the window counts from the switch.
        // A shadow comparison needs no judge metrics: the paired answers are what it measures.
        var due = d.State == DeploymentState.Progressing && (d.Spec.Analysis.Metrics.Count > 0 || ShadowVerdict.Compares(d))
                  && now >= (d.LastAnalysisAt ?? Later(d.StepStartedAt, d.PromotedAt)).AddSeconds(d.Spec.Analysis.WindowSeconds);
        return (d, decisions, due ? AnalysisTrigger.Background : null);
    }

    /// <summary>
    /// Applies an analysis run's outcome to the limits: a failure beyond failureLimit rolls back, an
    /// inconclusive (or marginal) run beyond inconclusiveLimit pauses, errors beyond
    /// consecutiveErrorLimit pause. Only a progressing rollout reacts; a run on demand at another time
    /// is recorded and judged but changes nothing.
    /// </summary>
    public static Transition ApplyRun(Deployment d, AnalysisRun run, DateTimeOffset now)
    {
        var analysis = d.Spec.Analysis;
        var stepRuns = run.Trigger == AnalysisTrigger.Step ? d.StepRuns + 1 : d.StepRuns;
        var counted = d with { LastAnalysisAt = now, StepRuns = stepRuns };
        if (d.State != DeploymentState.Progressing) return new(d with { LastAnalysisAt = now }, null);
        var id = "#" + run.Id.ToString(CultureInfo.InvariantCulture);
        var why = run.Reasons.Count > 0 ? ": " + string.Join("; ", run.Reasons) : ".";
        switch (run.Verdict)
        {
            case null:
                counted = counted with { ConsecutiveErrors = d.ConsecutiveErrors + 1, StepRuns = d.StepRuns };
                return counted.ConsecutiveErrors > analysis.ConsecutiveErrorLimit
                    ? Change(d, counted with { State = DeploymentState.Paused }, AnalysisActor,
                        $"Analysis run {id} was the {counted.ConsecutiveErrors}th error in a row (limit {analysis.ConsecutiveErrorLimit}): {run.Error}", now)
                    : new(counted, null);
            case RunVerdict.Fail:
                counted = counted with { Failures = d.Failures + 1, ConsecutiveErrors = 0 };
                return counted.Failures > analysis.FailureLimit
                    ? Change(d, counted with { State = DeploymentState.RolledBack, Weight = 0 }, AnalysisActor, $"Analysis run {id} failed{why}", now)
                    : new(counted, null);
            case RunVerdict.Inconclusive or RunVerdict.Marginal:
                counted = counted with { Inconclusives = d.Inconclusives + 1, ConsecutiveErrors = 0 };
                return counted.Inconclusives > analysis.InconclusiveLimit
                    ? Change(d, counted with { State = DeploymentState.Paused }, AnalysisActor,
                        $"Analysis run {id} was {Name(run.Verdict.Value)}; paused, neither passed nor failed{why}", now)
                    : new(counted, null);
            default:
                return new(counted with { ConsecutiveErrors = 0 }, null);
        }
    }

    /// <summary>A critical alarm on the candidate: roll back at once, naming the alarm.</summary>
    public static Transition RollBackForAlarm(Deployment d, string alarm, DateTimeOffset now) =>
        Change(d, d with { State = DeploymentState.RolledBack, Weight = 0 }, AnalysisActor, $"Critical alarm firing on the candidate: {alarm}.", now);

    /// <summary>The API's spelling of a state (camel case, as in JSON).</summary>
    public static string Name(DeploymentState state) => JsonName(state.ToString());

    public static string Name(RunVerdict verdict) => JsonName(verdict.ToString());

    public static string Name(DeploymentStrategy strategy) => JsonName(strategy.ToString());

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Every step skipped: the candidate takes all traffic. Blue-green keeps the baseline for
    /// its rollback window (still progressing, with post-promotion analysis); the others are done.</summary>
    private static Deployment PromoteFully(Deployment d, DateTimeOffset now)
    {
        var done = d with { CurrentStep = d.Spec.Steps.Count, StepStartedAt = now, StepRuns = 0, Inconclusives = 0, ConsecutiveErrors = 0 };
        return d.Spec.Strategy == DeploymentStrategy.BlueGreen && d.Spec.RollbackWindowSeconds > 0
            ? done with { State = DeploymentState.Progressing, Weight = 100, PromotedAt = now, LastAnalysisAt = null }
            : Succeed(done, now);
    }

    private static Deployment Succeed(Deployment d, DateTimeOffset now) =>
        d with { State = DeploymentState.Succeeded, Weight = 100, CurrentStep = d.Spec.Steps.Count, PromotedAt = d.PromotedAt ?? (d.Spec.Strategy == DeploymentStrategy.BlueGreen ? now : null) };

    private static Deployment NextStep(Deployment d, DateTimeOffset now) => NextStepAt(d, d.CurrentStep + 1, now);

    private static Deployment NextStepAt(Deployment d, int step, DateTimeOffset now) => d with { CurrentStep = step, StepStartedAt = now, StepRuns = 0 };

    private static Transition Change(Deployment before, Deployment after, string actor, string reason, DateTimeOffset now)
    {
        after = after with { UpdatedAt = now };
        return new(after, new DeploymentDecision(now, before.State, after.State, after.Weight, after.CurrentStep, actor, reason));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } x && x > a ? x : a;
}
