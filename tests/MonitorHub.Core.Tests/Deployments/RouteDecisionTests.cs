using MonitorHub.Core.Deployments;

namespace MonitorHub.Core.Tests.Deployments;

/// <summary>The routing promises, over 100 000 keys: sticky, monotone in the weight, and a split
/// within ±1 % of the weight.</summary>
public sealed class RouteDecisionTests
{
    private const long Salt = 0x5eed_1234_abcd_0042;
    private static readonly string[] Keys = [.. Enumerable.Range(0, 100_000).Select(i => "user-" + i)];

    private static RouteAnswer Canary(int weight, string key, long salt = Salt) =>
        RouteDecision.Decide(DeploymentStrategy.Canary, DeploymentState.Progressing, weight, salt, "v7", "v8", key);

    [Fact]
    public void SameKey_SameAnswer()
    {
        foreach (var key in Keys) Assert.Equal(Canary(30, key), Canary(30, key));
        Assert.Equal(RouteDecision.Hash(Salt, "user-1"), RouteDecision.Hash(Salt, "user-1"));
    }

    [Fact]
    public void TheHashIsFixed_AcrossProcesses()
    {
        // A changed hash would silently reshuffle every live rollout's users after an upgrade.
        Assert.Equal(RouteDecision.Hash(1, "abc"), RouteDecision.Hash(1, "abc"));
        Assert.Equal(9615, RouteDecision.Bucket(1, "abc"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(90)]
    public void Split_IsWithinOnePercentOfTheWeight(int weight)
    {
        var share = Keys.Count(k => Canary(weight, k).Arm == RouteArm.Candidate) / (double)Keys.Length;
        Assert.InRange(share, (weight - 1) / 100.0, (weight + 1) / 100.0);
    }

    [Fact]
    public void RaisingTheWeight_NeverMovesACandidateKeyBack()
    {
        var previous = new bool[Keys.Length];
        foreach (var weight in new[] { 0, 1, 5, 10, 25, 50, 75, 99, 100 })
        {
            for (var i = 0; i < Keys.Length; i++)
            {
                var candidate = Canary(weight, Keys[i]).Arm == RouteArm.Candidate;
                Assert.False(previous[i] && !candidate, $"{Keys[i]} moved back at weight {weight}");
                previous[i] = candidate;
            }
        }

        Assert.All(previous, Assert.True);
    }

    [Fact]
    public void AnotherSalt_PicksOtherKeys()
    {
        var a = Keys.Where(k => Canary(10, k).Arm == RouteArm.Candidate).ToHashSet();
        var b = Keys.Where(k => Canary(10, k, Salt + 1).Arm == RouteArm.Candidate).ToHashSet();
        Assert.InRange(a.Intersect(b).Count() / (double)a.Count, 0.05, 0.15);
    }

    [Theory]
    [InlineData(DeploymentState.Aborted, "v7", RouteArm.Baseline)]
    [InlineData(DeploymentState.RolledBack, "v7", RouteArm.Baseline)]
    [InlineData(DeploymentState.Succeeded, "v8", RouteArm.Candidate)]
    public void FinishedDeployments_AnswerOneVersion_WhateverTheWeight(DeploymentState state, string version, RouteArm arm)
    {
        foreach (var key in Keys.Take(1000))
            Assert.Equal(new RouteAnswer(version, arm), RouteDecision.Decide(DeploymentStrategy.Canary, state, 60, Salt, "v7", "v8", key));
    }

    [Fact]
    public void Shadow_AndBlueGreenBeforeTheSwitch_AnswerTheBaselineAsShadow()
    {
        Assert.Equal(new RouteAnswer("v7", RouteArm.Shadow), RouteDecision.Decide(DeploymentStrategy.Shadow, DeploymentState.Progressing, 0, Salt, "v7", "v8", "k"));
        Assert.Equal(new RouteAnswer("v7", RouteArm.Shadow), RouteDecision.Decide(DeploymentStrategy.BlueGreen, DeploymentState.Progressing, 0, Salt, "v7", "v8", "k"));
        Assert.Equal(new RouteAnswer("v8", RouteArm.Candidate), RouteDecision.Decide(DeploymentStrategy.BlueGreen, DeploymentState.Progressing, 100, Salt, "v7", "v8", "k"));
    }
}
