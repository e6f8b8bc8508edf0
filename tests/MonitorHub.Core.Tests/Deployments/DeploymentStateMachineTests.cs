using MonitorHub.Core.Deployments;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class DeploymentStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly AnalysisSpec Analysis = new([new AnalysisMetricSpec("latency")], [], WindowSeconds: 600);

    internal static Deployment Canary(params DeploymentStep[] steps) => New(DeploymentStrategy.Canary, steps);

    internal static Deployment New(DeploymentStrategy strategy, DeploymentStep[] steps, AnalysisSpec? analysis = null, int rollbackWindow = 3600) =>
        new(1, new DeploymentSpec("asr", strategy, "v7", "v8", steps, analysis ?? Analysis, RollbackWindowSeconds: rollbackWindow), 42,
            DeploymentState.Pending, 0, 0, T0, 0, T0, "alice", T0);

    private static AnalysisRun Run(RunVerdict? verdict, AnalysisTrigger trigger = AnalysisTrigger.Background, long id = 7) =>
        new(id, 1, T0, T0.AddMinutes(-10), T0, trigger, verdict, verdict is null ? null : 50, verdict is null ? [] : ["latency p99 higher"], [], verdict is null ? "boom" : null);

    [Fact]
    public void Tick_StartsPending_SetsWeight_AndWaitsOnTimedPause()
    {
        var d = Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(600), DeploymentStep.SetWeight(50));

        var (started, decisions, _) = DeploymentStateMachine.Tick(d, T0);

        Assert.Equal(DeploymentState.Progressing, started.State);
        Assert.Equal(10, started.Weight);
        Assert.Equal(1, started.CurrentStep);
        Assert.Equal(["Rollout started.", "Step 0: weight set to 10 %."], decisions.Select(x => x.Reason));
        Assert.All(decisions, x => Assert.Equal(DeploymentStateMachine.ControllerActor, x.Actor));

        var (waiting, none, _) = DeploymentStateMachine.Tick(started, T0.AddSeconds(599));
        Assert.Empty(none);
        Assert.Equal(1, waiting.CurrentStep);

        var (after, passed, _) = DeploymentStateMachine.Tick(waiting, T0.AddSeconds(600));
        Assert.Equal(["Step 1: pause of 600 s over.", "Step 2: weight set to 50 %.", "Every step passed."], passed.Select(x => x.Reason));
        Assert.Equal(DeploymentState.Succeeded, after.State);
        Assert.Equal(100, after.Weight);
    }

    [Fact]
    public void Tick_IndefinitePause_PausesUntilResumed_WhichPassesTheStep()
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.Pause(), DeploymentStep.SetWeight(20)), T0).Deployment;
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Equal(0, d.CurrentStep);

        var (resumed, conflict) = DeploymentStateMachine.Act(d, DeploymentAction.Resume, "bob", "looks fine", T0.AddMinutes(1));

        Assert.Null(conflict);
        Assert.Equal(DeploymentState.Progressing, resumed!.Deployment.State);
        Assert.Equal(1, resumed.Deployment.CurrentStep);
        Assert.Equal(new DeploymentDecision(T0.AddMinutes(1), DeploymentState.Paused, DeploymentState.Progressing, 0, 1, "bob", "looks fine"), resumed.Decision);
    }

    [Fact]
    public void Approval_WaitsForPromote_ResumeIsAConflict()
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Approval(), DeploymentStep.SetWeight(60), DeploymentStep.Pause(600)), T0).Deployment;
        Assert.Equal(DeploymentState.Paused, d.State);

        var (_, conflict) = DeploymentStateMachine.Act(d, DeploymentAction.Resume, "bob", "go", T0);
        Assert.Contains("approval", conflict);

        var (approved, _) = DeploymentStateMachine.Act(d, DeploymentAction.Promote, "bob", "approved", T0);
        Assert.Equal(DeploymentState.Progressing, approved!.Deployment.State);
        Assert.Equal(2, approved.Deployment.CurrentStep);
        Assert.Equal(60, DeploymentStateMachine.Tick(approved.Deployment, T0).Deployment.Weight);
    }

    [Theory]
    [InlineData(DeploymentAction.Pause, DeploymentState.Paused)]
    [InlineData(DeploymentAction.Abort, DeploymentState.Aborted)]
    [InlineData(DeploymentAction.Rollback, DeploymentState.RolledBack)]
    [InlineData(DeploymentAction.Promote, DeploymentState.Succeeded)]
    public void Act_OnProgressing_MovesToItsState(DeploymentAction action, DeploymentState expected)
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Analysis(3, 60)), T0).Deployment;
        Assert.Equal(DeploymentState.Progressing, d.State);

        var (t, conflict) = DeploymentStateMachine.Act(d, action, "bob", "why", T0);

        Assert.Null(conflict);
        Assert.Equal(expected, t!.Deployment.State);
        Assert.Equal(expected is DeploymentState.Aborted or DeploymentState.RolledBack ? 0 : expected == DeploymentState.Succeeded ? 100 : 10, t.Deployment.Weight);
        Assert.Equal(DeploymentState.Progressing, t.Decision!.From);
        Assert.Equal("why", t.Decision.Reason);
    }

    [Theory]
    [InlineData(DeploymentAction.Pause, "progressing", "aborted")]
    [InlineData(DeploymentAction.Resume, "paused", "aborted")]
    [InlineData(DeploymentAction.Abort, "already", "aborted")]
    [InlineData(DeploymentAction.Rollback, "already", "aborted")]
    [InlineData(DeploymentAction.Promote, "nothing left", "aborted")]
    public void Act_InTheWrongState_IsAConflictNamingTheState(DeploymentAction action, string says, string state)
    {
        var d = Canary(DeploymentStep.SetWeight(10)) with { State = DeploymentState.Aborted };

        var (t, conflict) = DeploymentStateMachine.Act(d, action, "bob", "why", T0);

        Assert.Null(t);
        Assert.Contains(says, conflict);
        Assert.Contains(state, conflict);
    }

    [Fact]
    public void AnalysisStep_RunsCountTimes_EveryInterval_TheFirstAnIntervalAfterTheStepBegan_ThenMovesOn()
    {
        var started = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Analysis(2, 60), DeploymentStep.SetWeight(30), DeploymentStep.Pause(600)), T0);
        // The tick that set the weight judges nothing: the candidate has had no traffic at 10 % yet.
        Assert.Equal((10, 1), (started.Deployment.Weight, started.Deployment.CurrentStep));
        Assert.Null(started.Analysis);
        Assert.Null(DeploymentStateMachine.Tick(started.Deployment, T0.AddSeconds(59)).Analysis);

        var d = DeploymentStateMachine.Tick(started.Deployment, T0.AddSeconds(60));
        Assert.Equal(AnalysisTrigger.Step, d.Analysis);
        var afterFirst = DeploymentStateMachine.ApplyRun(d.Deployment, Run(RunVerdict.Pass, AnalysisTrigger.Step), T0.AddSeconds(60)).Deployment;
        Assert.Equal(1, afterFirst.StepRuns);

        Assert.NotEqual(AnalysisTrigger.Step, DeploymentStateMachine.Tick(afterFirst, T0.AddSeconds(119)).Analysis);
        var second = DeploymentStateMachine.Tick(afterFirst, T0.AddSeconds(120));
        Assert.Equal(AnalysisTrigger.Step, second.Analysis);
        var afterSecond = DeploymentStateMachine.ApplyRun(second.Deployment, Run(RunVerdict.Pass, AnalysisTrigger.Step), T0.AddSeconds(120)).Deployment;

        var moved = DeploymentStateMachine.Tick(afterSecond, T0.AddSeconds(121)).Deployment;
        Assert.Equal(30, moved.Weight);
    }

    [Fact]
    public void AnalysisStep_AManualRun_DoesNotCountTowardTheStep()
    {
        var started = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Analysis(1, 60), DeploymentStep.SetWeight(30)), T0).Deployment;

        var manual = DeploymentStateMachine.ApplyRun(started, Run(RunVerdict.Pass, AnalysisTrigger.Manual), T0.AddSeconds(5)).Deployment;

        Assert.Equal(0, manual.StepRuns);
        Assert.Equal(10, DeploymentStateMachine.Tick(manual, T0.AddSeconds(30)).Deployment.Weight);
        Assert.Equal(AnalysisTrigger.Step, DeploymentStateMachine.Tick(manual, T0.AddSeconds(60)).Analysis);
    }

    [Fact]
    public void FailBeyondTheLimit_RollsBack_NamingTheRun()
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(600)), T0).Deployment;
        d = d with { Spec = d.Spec with { Analysis = Analysis with { FailureLimit = 1 } } };

        var once = DeploymentStateMachine.ApplyRun(d, Run(RunVerdict.Fail), T0);
        Assert.Null(once.Decision);
        Assert.Equal(1, once.Deployment.Failures);

        var twice = DeploymentStateMachine.ApplyRun(once.Deployment, Run(RunVerdict.Fail, id: 8), T0);
        Assert.Equal(DeploymentState.RolledBack, twice.Deployment.State);
        Assert.Equal(0, twice.Deployment.Weight);
        Assert.Equal(DeploymentStateMachine.AnalysisActor, twice.Decision!.Actor);
        Assert.Equal("Analysis run #8 failed: latency p99 higher", twice.Decision.Reason);
    }

    [Theory]
    [InlineData(RunVerdict.Inconclusive)]
    [InlineData(RunVerdict.Marginal)]
    public void InconclusiveBeyondTheLimit_Pauses_NeverPassesNorFails(RunVerdict verdict)
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(600)), T0).Deployment;

        var t = DeploymentStateMachine.ApplyRun(d, Run(verdict), T0);

        Assert.Equal(DeploymentState.Paused, t.Deployment.State);
        Assert.Equal(10, t.Deployment.Weight);
        Assert.Equal(0, t.Deployment.Failures);
        Assert.Contains("neither passed nor failed: latency p99 higher", t.Decision!.Reason);
    }

    [Fact]
    public void ErrorsBeyondTheConsecutiveLimit_Pause_APassResetsTheCount()
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(600)), T0).Deployment;
        d = d with { Spec = d.Spec with { Analysis = Analysis with { ConsecutiveErrorLimit = 1 } } };

        var one = DeploymentStateMachine.ApplyRun(d, Run(null), T0).Deployment;
        Assert.Equal(1, one.ConsecutiveErrors);
        Assert.Equal(0, DeploymentStateMachine.ApplyRun(one, Run(RunVerdict.Pass), T0).Deployment.ConsecutiveErrors);

        var two = DeploymentStateMachine.ApplyRun(one, Run(null), T0);
        Assert.Equal(DeploymentState.Paused, two.Deployment.State);
        Assert.Contains("boom", two.Decision!.Reason);
    }

    [Fact]
    public void BackgroundAnalysis_IsDueEveryWindow_WhileProgressing_TheFirstAWindowAfterTheStepBegan()
    {
        // In the tick that sets the weight the candidate has had no traffic: analysing then would only
        // ever be inconclusive, so the first background run waits a whole window.
        var started = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(3600)), T0);
        Assert.Null(started.Analysis);
        Assert.Null(DeploymentStateMachine.Tick(started.Deployment, T0.AddSeconds(599)).Analysis);
        var d = DeploymentStateMachine.Tick(started.Deployment, T0.AddSeconds(600));
        Assert.Equal(AnalysisTrigger.Background, d.Analysis);
        var analysed = DeploymentStateMachine.ApplyRun(d.Deployment, Run(RunVerdict.Pass), T0.AddSeconds(600)).Deployment;

        Assert.Null(DeploymentStateMachine.Tick(analysed, T0.AddSeconds(1199)).Analysis);
        Assert.Equal(AnalysisTrigger.Background, DeploymentStateMachine.Tick(analysed, T0.AddSeconds(1200)).Analysis);
    }

    [Fact]
    public void BlueGreen_SwitchesAfterItsSteps_KeepsTheBaselineForTheWindow_ThenSucceeds()
    {
        var d = New(DeploymentStrategy.BlueGreen, [DeploymentStep.Analysis(1, 60)], rollbackWindow: 600);
        var started = DeploymentStateMachine.Tick(d, T0);
        Assert.Null(started.Analysis);
        var first = DeploymentStateMachine.Tick(started.Deployment, T0.AddSeconds(60));
        Assert.Equal(AnalysisTrigger.Step, first.Analysis);
        var analysed = DeploymentStateMachine.ApplyRun(first.Deployment, Run(RunVerdict.Pass, AnalysisTrigger.Step), T0.AddSeconds(60)).Deployment;
        Assert.Equal(0, analysed.Weight);

        var switched = DeploymentStateMachine.Tick(analysed, T0.AddSeconds(61)).Deployment;
        Assert.Equal(DeploymentState.Progressing, switched.State);
        Assert.Equal(100, switched.Weight);
        Assert.Equal(T0.AddSeconds(61), switched.PromotedAt);

        // Post-promotion analysis rolls back automatically inside the window.
        var failed = DeploymentStateMachine.ApplyRun(switched, Run(RunVerdict.Fail), T0.AddSeconds(62));
        Assert.Equal(DeploymentState.RolledBack, failed.Deployment.State);

        var done = DeploymentStateMachine.Tick(switched, T0.AddSeconds(661)).Deployment;
        Assert.Equal(DeploymentState.Succeeded, done.State);
        Assert.Contains("no longer kept", DeploymentStateMachine.Act(done, DeploymentAction.Rollback, "bob", "late", T0.AddSeconds(662)).Conflict);
    }

    [Fact]
    public void CriticalAlarm_RollsBack_NamingTheAlarm()
    {
        var d = DeploymentStateMachine.Tick(Canary(DeploymentStep.SetWeight(10)), T0).Deployment;

        var t = DeploymentStateMachine.RollBackForAlarm(d, "'p99 latency' (alarm 3)", T0);

        Assert.Equal(DeploymentState.RolledBack, t.Deployment.State);
        Assert.Contains("'p99 latency' (alarm 3)", t.Decision!.Reason);
    }
}
