using MonitorHub.Core.Deployments;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class DeploymentValidationTests
{
    private static readonly AnalysisSpec Analysis = new([new AnalysisMetricSpec("asr.latency_ms")], ["device"]);

    private static DeploymentSpec Spec(DeploymentStrategy strategy = DeploymentStrategy.Canary, params DeploymentStep[] steps) =>
        new("asr", strategy, "v7", "v8", steps.Length == 0 ? [DeploymentStep.SetWeight(10), DeploymentStep.Pause(600), DeploymentStep.Analysis(3, 60)] : steps, Analysis);

    private static IEnumerable<string> Fields(DeploymentSpec spec) => DeploymentValidation.Validate(spec).Select(i => i.Field);

    [Fact]
    public void ASensibleCanary_IsValid() => Assert.Empty(DeploymentValidation.Validate(Spec()));

    [Fact]
    public void NoSteps_IsRejected() => Assert.Equal(["steps"], Fields(Spec() with { Steps = [] }));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void WeightOutside0To100_NamesTheStep(int weight) =>
        Assert.Equal(["steps[2].setWeight"], Fields(Spec(DeploymentStrategy.Canary, DeploymentStep.SetWeight(10), DeploymentStep.Pause(), DeploymentStep.SetWeight(weight))));

    [Fact]
    public void FallingWeight_IsRejected() =>
        Assert.Equal(["steps[1].setWeight"], Fields(Spec(DeploymentStrategy.Canary, DeploymentStep.SetWeight(50), DeploymentStep.SetWeight(20))));

    [Fact]
    public void ShadowWithTraffic_IsRejected() =>
        Assert.Equal(["steps[0].setWeight"], Fields(Spec(DeploymentStrategy.Shadow, DeploymentStep.SetWeight(10), DeploymentStep.Analysis(1, 60))));

    [Fact]
    public void BlueGreenWithWeights_IsRejected() =>
        Assert.Equal(["steps[0].setWeight"], Fields(Spec(DeploymentStrategy.BlueGreen, DeploymentStep.SetWeight(50))));

    [Fact]
    public void AnalysisCountBelowOne_AndTooShortInterval_AreNamed() =>
        Assert.Equal(["steps[0].analysis.count", "steps[0].analysis.intervalSeconds"], Fields(Spec(DeploymentStrategy.Canary, DeploymentStep.Analysis(0, 1))));

    [Fact]
    public void AnalysisStepWithoutMetrics_IsRejected() =>
        Assert.Equal(["steps[0].analysis"], Fields(Spec(DeploymentStrategy.Canary, DeploymentStep.Analysis(1, 60)) with { Analysis = new([], []) }));

    [Fact]
    public void PauseOfZeroSeconds_AndANonHttpWebhook_AreNamed() =>
        Assert.Equal(["steps[0].pause.seconds", "steps[1].approval.webhook"],
            Fields(Spec(DeploymentStrategy.Canary, DeploymentStep.Pause(0), DeploymentStep.Approval("ftp://x"))));

    [Fact]
    public void SameBaselineAndCandidate_NamesTheCandidate() => Assert.Equal(["candidate"], Fields(Spec() with { Candidate = "v7" }));

    [Fact]
    public void BadAnalysisSettings_AreNamed()
    {
        var analysis = new AnalysisSpec(
            [new AnalysisMetricSpec("Bad Key"), new AnalysisMetricSpec("acc", AnalysisMetricKind.Accuracy, NonInferiorityMargin: 2), new AnalysisMetricSpec("acc", AnalysisMetricKind.Accuracy)],
            ["dev ice"], FailureLimit: -1, MinSamplesPerArm: 0, MinLabelledFraction: 1.5);

        Assert.Equal(
            ["analysis.metrics[0].name", "analysis.metrics[1].nonInferiorityMargin", "analysis.metrics[2].name", "analysis.slices[0]", "analysis.failureLimit",
             "analysis.minSamplesPerArm", "analysis.minLabelledFraction"],
            Fields(Spec() with { Analysis = analysis }));
    }

    [Theory]
    [InlineData(DeploymentStrategy.Shadow, DeploymentStrategy.Canary)]
    [InlineData(DeploymentStrategy.Shadow, DeploymentStrategy.BlueGreen)]
    [InlineData(DeploymentStrategy.Canary, DeploymentStrategy.Shadow)]
    [InlineData(DeploymentStrategy.BlueGreen, DeploymentStrategy.Shadow)]
    public void AShadow_MayRunNextToACanaryOrBlueGreen_ItTakesNoTraffic(DeploymentStrategy running, DeploymentStrategy added) =>
        Assert.Null(DeploymentValidation.Conflict(Spec(added), [(3, running)]));

    [Theory]
    [InlineData(DeploymentStrategy.Canary, DeploymentStrategy.Canary, "a canary rollout in progress (deployment 3)")]
    [InlineData(DeploymentStrategy.Canary, DeploymentStrategy.BlueGreen, "a canary rollout in progress (deployment 3)")]
    [InlineData(DeploymentStrategy.BlueGreen, DeploymentStrategy.Canary, "a blue-green rollout in progress (deployment 3)")]
    [InlineData(DeploymentStrategy.Shadow, DeploymentStrategy.Shadow, "a shadow deployment in progress (deployment 3)")]
    public void TwoOfTheSameKind_Conflict_NamingTheOneInProgress(DeploymentStrategy running, DeploymentStrategy added, string says)
    {
        var conflict = DeploymentValidation.Conflict(Spec(added), [(3, running)]);

        Assert.NotNull(conflict);
        Assert.Contains("Model 'asr' already has " + says, conflict);
        Assert.Contains("finish, abort or roll it back first", conflict);
    }

    [Fact]
    public void AThirdDeployment_ConflictsWithTheOneOfItsKind()
    {
        IEnumerable<(long, DeploymentStrategy)> both = [(3, DeploymentStrategy.Shadow), (4, DeploymentStrategy.Canary)];

        Assert.Contains("deployment 3", DeploymentValidation.Conflict(Spec(DeploymentStrategy.Shadow), both));
        Assert.Contains("deployment 4", DeploymentValidation.Conflict(Spec(DeploymentStrategy.BlueGreen), both));
    }
}
