using System.Text.Json;
using MonitorHub.Core.Deployments;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class RouterNoticeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Deployment Routed(int? channel = 4) => DeploymentStateMachineTests.Canary(DeploymentStep.SetWeight(10), DeploymentStep.Pause(600)) is var d
        ? d with { Spec = d.Spec with { RouterChannel = channel } }
        : throw new InvalidOperationException();

    [Fact]
    public void IsDue_OnAWeightChange_WithARouterChannel_Only()
    {
        var before = Routed();
        var started = DeploymentStateMachine.Tick(before, T0).Deployment;
        var paused = DeploymentStateMachine.Act(started, DeploymentAction.Pause, "bob", "look", T0).Transition!.Deployment;
        var aborted = DeploymentStateMachine.Act(paused, DeploymentAction.Abort, "bob", "stop", T0).Transition!.Deployment;

        Assert.True(RouterNotice.IsDue(before, started));    // 0 → 10
        Assert.False(RouterNotice.IsDue(started, paused));   // state only
        Assert.True(RouterNotice.IsDue(paused, aborted));    // 10 → 0
        Assert.False(RouterNotice.IsDue(Routed(null), DeploymentStateMachine.Tick(Routed(null), T0).Deployment));
    }

    [Fact]
    public void Payload_SaysWhichDeploymentMovedToWhatWeight_AndWhy()
    {
        var started = DeploymentStateMachine.Tick(Routed(), T0).Deployment;

        var body = JsonDocument.Parse(RouterNotice.Payload(started, "Step 0: weight set to 10 %.", T0, "d-1")).RootElement;

        Assert.Equal(("deployment.weight", "d-1", 1L, "asr", "canary", "v7", "v8", "progressing", 10, 1),
            (body.GetProperty("type").GetString(), body.GetProperty("deliveryId").GetString(), body.GetProperty("deploymentId").GetInt64(),
             body.GetProperty("model").GetString(), body.GetProperty("strategy").GetString(), body.GetProperty("baseline").GetString(),
             body.GetProperty("candidate").GetString(), body.GetProperty("state").GetString(), body.GetProperty("weight").GetInt32(), body.GetProperty("step").GetInt32()));
        Assert.Equal("Step 0: weight set to 10 %.", body.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ARouterChannelThatIsNoId_IsRejected(int channel) =>
        Assert.Contains(DeploymentValidation.Validate(Routed(channel).Spec), i => i.Field == "routerChannel");
}
