using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Infrastructure.Tests.Deployments;

/// <summary>The controller on a real store with a fake clock: steps, analysis on real samples and
/// predictions through the real judge, limits, alarms, and the router following every change.</summary>
public sealed class DeploymentControllerTests : IAsyncLifetime
{
    private const string Latency = "asr.latency_ms";
    private readonly StoreFixture _store = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeploymentStore Deployments => _store.Get<DeploymentStore>();
    private DeploymentController Controller => _store.Get<DeploymentController>();

    public async ValueTask InitializeAsync()
    {
        // Registers the model and both versions, as a client logging predictions would.
        var logged = await _store.Get<PredictionIngestion>().IngestAsync(
            [Prediction("seed-1", "v7", 0), Prediction("seed-2", "v8", 0)], null, Ct);
        Assert.Equal(StoreOutcome.Ok, logged.Outcome);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static PredictionRecord Prediction(string id, string version, int second, string output = "yes", string device = "pixel") =>
        new(id, "asr", version, StoreFixture.Start.AddSeconds(second).ToUnixTimeMilliseconds(), [new("device", Scalar.Of(device))], Scalar.Of(output), null, null);

    private static AnalysisSpec Analysis(params AnalysisMetricSpec[] metrics) =>
        new(metrics.Length == 0 ? [new AnalysisMetricSpec(Latency, AllowedIncrease: 1.1)] : metrics, ["device"], MinSamplesPerArm: 30, WindowSeconds: 600);

    private async Task<Deployment> CreateAsync(DeploymentStrategy strategy, AnalysisSpec analysis, params DeploymentStep[] steps)
    {
        var created = await Deployments.CreateAsync(new DeploymentSpec("asr", strategy, "v7", "v8", steps, analysis), "alice", Ct);
        Assert.True(created.IsOk, string.Join("; ", created.Issues.Select(i => i.Field + ": " + i.Reason)));
        return created.Value;
    }

    /// <summary>Latency samples for both arms over the last minutes, per device; the candidate's pixel slice
    /// is slower by <paramref name="pixelRegression"/> ms.</summary>
    private async Task WriteLatencyAsync(double pixelRegression)
    {
        var random = new Random(7);
        var samples = new List<MetricSample>();
        for (var i = 0; i < 100; i++)
        {
            var at = _store.Clock.GetUtcNow().AddSeconds(-300 + i * 2);
            foreach (var device in new[] { "pixel", "iphone" })
            {
                samples.Add(StoreFixture.Sample(Latency, 100 + random.NextDouble() * 10, at, ("version", "v7"), ("device", device)));
                var slower = device == "pixel" ? pixelRegression : 0;
                samples.Add(StoreFixture.Sample(Latency, 100 + slower + random.NextDouble() * 10, at, ("version", "v8"), ("device", device)));
            }
        }

        await _store.WriteAsync(samples);
    }

    [Fact]
    public async Task Canary_AdvancesThroughItsSteps_OnTheFakeClock()
    {
        var d = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10), DeploymentStep.Pause(60), DeploymentStep.SetWeight(40), DeploymentStep.Pause());
        await WriteLatencyAsync(0);

        await Controller.RunAsync(Ct);
        var detail = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal((DeploymentState.Progressing, 10, 1), (detail.Deployment.State, detail.Deployment.Weight, detail.Deployment.CurrentStep));
        Assert.Empty(detail.Runs); // the first background analysis waits a window of traffic at the new weight

        _store.Clock.Advance(TimeSpan.FromSeconds(60));
        await Controller.RunAsync(Ct);
        var paused = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal((DeploymentState.Paused, 40), (paused.Deployment.State, paused.Deployment.Weight));
        Assert.Equal(
            ["Rollout started.", "Step 0: weight set to 10 %.", "Step 1: pause of 60 s over.", "Step 2: weight set to 40 %.", "Step 3: paused until resumed."],
            paused.Decisions.Select(x => x.Reason));
    }

    [Fact]
    public async Task RegressionOnOneSlice_FailsTheRun_AndRollsBack_NamingTheRun()
    {
        var d = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10), DeploymentStep.Analysis(1, 60), DeploymentStep.Pause());
        await WriteLatencyAsync(40);

        await Controller.RunAsync(Ct);
        // The analysis step's first run waits an interval of traffic at the new weight.
        Assert.Empty((await Deployments.GetAsync(d.Id, Ct))!.Runs);
        _store.Clock.Advance(TimeSpan.FromSeconds(59));
        await Controller.RunAsync(Ct);
        Assert.Empty((await Deployments.GetAsync(d.Id, Ct))!.Runs);
        _store.Clock.Advance(TimeSpan.FromSeconds(1));
        await Controller.RunAsync(Ct);

        var detail = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal(DeploymentState.RolledBack, detail.Deployment.State);
        Assert.Equal(0, detail.Deployment.Weight);
        var run = Assert.Single(detail.Runs);
        Assert.Equal(RunVerdict.Fail, run.Verdict);
        Assert.Contains(run.Metrics, m => m is { SliceTag: "device", SliceValue: "pixel", Verdict: MetricVerdict.High });
        Assert.Contains(run.Metrics, m => m is { SliceTag: "device", SliceValue: "iphone", Verdict: MetricVerdict.Pass });
        var decision = detail.Decisions[^1];
        Assert.Equal((DeploymentStateMachine.AnalysisActor, DeploymentState.RolledBack), (decision.Actor, decision.To));
        Assert.StartsWith($"Analysis run #{run.Id} failed", decision.Reason);
        Assert.Equal(new RouteAnswer("v7", RouteArm.Baseline), await _store.Get<DeploymentRouter>().RouteAsync(d.Id, "any", Ct));
    }

    [Fact]
    public async Task NoData_IsInconclusive_AndPauses_SayingWhatLackedData()
    {
        var d = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10), DeploymentStep.Pause(3600));
        await Controller.RunAsync(Ct);
        Assert.Equal(DeploymentState.Progressing, (await Deployments.GetAsync(d.Id, Ct))!.Deployment.State);

        _store.Clock.Advance(TimeSpan.FromSeconds(600));
        await Controller.RunAsync(Ct);

        var detail = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal(DeploymentState.Paused, detail.Deployment.State);
        Assert.Equal(0, detail.Deployment.Failures);
        Assert.Equal(RunVerdict.Inconclusive, Assert.Single(detail.Runs).Verdict);
        Assert.Contains(Latency, detail.Decisions[^1].Reason);
    }

    [Fact]
    public async Task Gathering_SplitsSamplesByVersionAndSlice_AndPredictionsWithTheirLabels()
    {
        var d = await CreateAsync(DeploymentStrategy.Shadow, Analysis(new AnalysisMetricSpec(Latency), new AnalysisMetricSpec("acc", AnalysisMetricKind.Accuracy)),
            DeploymentStep.Pause());
        await WriteLatencyAsync(0);
        await _store.Get<PredictionIngestion>().IngestAsync(
            [Prediction("a", "v7", -60), Prediction("b", "v7", -50, "no"), Prediction("c", "v8", -40), Prediction("d", "v8", -30, device: "iphone"), Prediction("e", "v6", -20)],
            null, Ct);
        await _store.Get<LabelIngestion>().IngestAsync([new("a", "asr", Scalar.Of("yes")), new("b", "asr", Scalar.Of("yes")), new("c", "asr", Scalar.Of("yes"))], null, Ct);

        var pairs = await _store.Get<ArmGathering>().GatherAsync(d, _store.Clock.GetUtcNow().AddMinutes(-10), _store.Clock.GetUtcNow(), Ct);

        var latency = pairs.Where(p => p.Metric == Latency).ToList();
        Assert.Equal([(null, null), ("device", "iphone"), ("device", "pixel")], latency.Select(p => (p.SliceTag, p.SliceValue)));
        Assert.Equal((200, 200), (latency[0].Baseline.Values.Length, latency[0].Candidate.Values.Length));
        Assert.Equal((100, 100), (latency[2].Baseline.Values.Length, latency[2].Candidate.Values.Length));

        var accuracy = pairs.Single(p => p is { Metric: "acc", SliceTag: null });
        Assert.Equal(new ArmData([], Successes: 1, Trials: 2, Expected: 2), accuracy.Baseline with { Values = [] });
        Assert.Equal((1L, 1L, 2L), (accuracy.Candidate.Successes, accuracy.Candidate.Trials, accuracy.Candidate.Expected));
        var iphone = pairs.Single(p => p is { Metric: "acc", SliceValue: "iphone" });
        Assert.Equal((0L, 1L), (iphone.Baseline.Expected, iphone.Candidate.Expected));
    }

    [Fact]
    public async Task CriticalAlarmOnTheCandidate_RollsBack_NamingTheAlarm()
    {
        var d = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10), DeploymentStep.Pause(3600));
        await WriteLatencyAsync(0);
        await Controller.RunAsync(Ct);
        var saved = await _store.Get<AlarmStore>().SaveRuleAsync(null, new AlarmRule
        {
            Name = "ASR too slow", Metric = Latency, Threshold = 50, Severity = Severity.Critical, Tags = new Dictionary<string, string> { ["version"] = "v8" },
        }, "alice", cancellationToken: Ct);
        Assert.NotEmpty((await _store.Get<RuleEvaluationService>().EvaluateAsync(saved.Value!.Id, Ct))!);

        await Controller.RunAsync(Ct);

        var detail = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal(DeploymentState.RolledBack, detail.Deployment.State);
        Assert.Contains("'ASR too slow'", detail.Decisions[^1].Reason);
    }

    [Fact]
    public async Task BlueGreen_AnalysesShadowTraffic_Switches_AndCanStillRollBackInsideTheWindow()
    {
        var d = await CreateAsync(DeploymentStrategy.BlueGreen, Analysis(), DeploymentStep.Analysis(1, 60));
        await WriteLatencyAsync(0);
        // Before the switch the candidate answers in shadow: the run also needs minSamplesPerArm paired requests.
        await _store.Get<PredictionIngestion>().IngestAsync(
            [.. Enumerable.Range(0, 30).SelectMany(i => new[] { Prediction($"bg-{i}", "v7", -100 + i), Prediction($"bg-{i}", "v8", -100 + i) with { Role = PredictionRole.Shadow } })],
            null, Ct);
        var router = _store.Get<DeploymentRouter>();

        await Controller.RunAsync(Ct);
        Assert.Equal(new RouteAnswer("v7", RouteArm.Shadow), await router.RouteAsync(d.Id, "k", Ct));
        _store.Clock.Advance(TimeSpan.FromSeconds(60));
        await Controller.RunAsync(Ct);
        Assert.Equal(0, (await Deployments.GetAsync(d.Id, Ct))!.Deployment.Weight); // judged, not switched yet
        _store.Clock.Advance(TimeSpan.FromSeconds(1));
        await Controller.RunAsync(Ct);

        var switched = (await Deployments.GetAsync(d.Id, Ct))!;
        Assert.Equal((DeploymentState.Progressing, 100), (switched.Deployment.State, switched.Deployment.Weight));
        Assert.Equal(_store.Clock.GetUtcNow(), switched.Deployment.PromotedAt);
        Assert.Equal([AnalysisTrigger.Step], switched.Runs.Select(r => r.Trigger)); // post-switch analysis waits a window
        Assert.Equal(new RouteAnswer("v8", RouteArm.Candidate), await router.RouteAsync(d.Id, "k", Ct));

        var rolledBack = await Deployments.ActAsync(d.Id, DeploymentAction.Rollback, "bob", "users complain", Ct);
        Assert.Equal(DeploymentState.RolledBack, rolledBack.Value!.State);
        Assert.Equal(new RouteAnswer("v7", RouteArm.Baseline), await router.RouteAsync(d.Id, "k", Ct));
    }

    [Fact]
    public async Task Actions_NeedAReason_AndAConflictSaysTheState()
    {
        var d = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10), DeploymentStep.Pause(600));

        Assert.Equal("reason", Assert.Single((await Deployments.ActAsync(d.Id, DeploymentAction.Abort, "bob", " ", Ct)).Issues).Field);
        var resume = await Deployments.ActAsync(d.Id, DeploymentAction.Resume, "bob", "go", Ct);
        Assert.Equal(StoreOutcome.Conflict, resume.Outcome);
        Assert.Contains("pending", resume.Issues[0].Reason);

        var aborted = await Deployments.ActAsync(d.Id, DeploymentAction.Abort, "bob", "kill switch", Ct);
        Assert.Equal(DeploymentState.Aborted, aborted.Value!.State);
        Assert.Equal(0, await Controller.RunAsync(Ct));
        var decision = Assert.Single((await Deployments.GetAsync(d.Id, Ct))!.Decisions);
        Assert.Equal(("bob", "kill switch", DeploymentState.Pending, DeploymentState.Aborted), (decision.Actor, decision.Reason, decision.From, decision.To));
    }

    [Fact]
    public async Task Create_RejectsUnregisteredVersions_AndASecondLiveDeploymentOfTheSameKind_ButAllowsAShadowNextToACanary()
    {
        var unknown = await Deployments.CreateAsync(new DeploymentSpec("asr", DeploymentStrategy.Canary, "v7", "v9", [DeploymentStep.SetWeight(10)], Analysis()), "alice", Ct);
        Assert.Equal(["candidate"], unknown.Issues.Select(i => i.Field));

        var canary = await CreateAsync(DeploymentStrategy.Canary, Analysis(), DeploymentStep.SetWeight(10));
        var second = await Deployments.CreateAsync(new DeploymentSpec("asr", DeploymentStrategy.BlueGreen, "v7", "v8", [DeploymentStep.Analysis(1, 60)], Analysis()), "alice", Ct);
        Assert.Equal(StoreOutcome.Conflict, second.Outcome);
        Assert.Equal("model", second.Issues.Single().Field);
        Assert.Contains($"a canary rollout in progress (deployment {canary.Id})", second.Issues.Single().Reason);

        // A shadow takes no traffic: one may run next to the canary, a second one may not.
        var shadow = await CreateAsync(DeploymentStrategy.Shadow, Analysis(), DeploymentStep.Pause());
        var twice = await Deployments.CreateAsync(new DeploymentSpec("asr", DeploymentStrategy.Shadow, "v7", "v8", [DeploymentStep.Pause()], Analysis()), "alice", Ct);
        Assert.Equal(StoreOutcome.Conflict, twice.Outcome);
        Assert.Contains($"a shadow deployment in progress (deployment {shadow.Id})", twice.Issues.Single().Reason);

        // Once the canary is over, another canary may start next to the shadow.
        await Deployments.ActAsync(canary.Id, DeploymentAction.Abort, "bob", "done", Ct);
        Assert.True((await Deployments.CreateAsync(new DeploymentSpec("asr", DeploymentStrategy.Canary, "v7", "v8", [DeploymentStep.SetWeight(10)], Analysis()), "alice", Ct)).IsOk);
    }

    [Fact]
    public async Task VersionsSeenInPredictions_AreRegisteredOnce()
    {
        await _store.Get<PredictionIngestion>().IngestAsync([Prediction("x", "v8", 1), Prediction("y", "v9", 2)], null, Ct);

        var versions = (await _store.Get<ModelVersionStore>().ListAsync("asr", Ct)).Value!;

        Assert.Equal(["v7", "v8", "v9"], versions.Select(v => v.Version).Order());
        Assert.All(versions, v => Assert.Equal(ModelVersionStore.IngestionActor, v.CreatedBy));
        var duplicate = await _store.Get<ModelVersionStore>().CreateAsync("asr", "v9", "by hand", "alice", Ct);
        Assert.Equal(StoreOutcome.Conflict, duplicate.Outcome);
    }
}
