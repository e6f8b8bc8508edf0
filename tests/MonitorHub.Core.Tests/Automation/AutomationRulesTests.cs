using MonitorHub.Core.Automation;
using MonitorHub.Core.FailureModes;

namespace MonitorHub.Core.Tests.Automation;

public sealed class AutomationRulesTests
{
    [Theory]
    [InlineData(AutomationDegree.HumanOnly, 0.99, Decider.Human)]
    [InlineData(AutomationDegree.ShadowMode, 0.99, Decider.Human)]
    [InlineData(AutomationDegree.AiAssistance, 0.99, Decider.Human)]
    [InlineData(AutomationDegree.PartialAutomation, 0.8, Decider.Model)]
    [InlineData(AutomationDegree.PartialAutomation, 0.7999, Decider.Human)]
    [InlineData(AutomationDegree.FullAutomation, 0.0, Decider.Model)]
    public void Decide_FollowsTheDegree_AndTauInPartialAutomation(AutomationDegree degree, double score, Decider expected) =>
        Assert.Equal(expected, AutomationRules.Decide(degree, 0.8, score));

    [Fact]
    public void Decide_InPartialAutomation_WithoutAScore_IsHuman() =>
        Assert.Equal(Decider.Human, AutomationRules.Decide(AutomationDegree.PartialAutomation, 0.8, null));

    [Fact]
    public void Validate_NeedsAReason_AndTauForPartialAutomation_UnlessOneIsStored()
    {
        Assert.Equal(["reason"], AutomationRules.Validate(new(AutomationDegree.ShadowMode, " ", null), null).Select(i => i.Field));
        Assert.Equal(["threshold"], AutomationRules.Validate(new(AutomationDegree.PartialAutomation, "ok", null), null).Select(i => i.Field));
        Assert.Empty(AutomationRules.Validate(new(AutomationDegree.PartialAutomation, "ok", null), 0.9));
        Assert.Equal(["threshold"], AutomationRules.Validate(new(AutomationDegree.FullAutomation, "ok", double.NaN), null).Select(i => i.Field));
        Assert.Equal(["degree"], AutomationRules.Validate(new((AutomationDegree)9, "ok", null), null).Select(i => i.Field));
    }

    [Fact]
    public void Demoted_IsOneDegreeDown_AndNothingBelowHumanOnly()
    {
        Assert.Equal(AutomationDegree.PartialAutomation, AutomationRules.Demoted(AutomationDegree.FullAutomation));
        Assert.Equal(AutomationDegree.HumanOnly, AutomationRules.Demoted(AutomationDegree.ShadowMode));
        Assert.Null(AutomationRules.Demoted(AutomationDegree.HumanOnly));
        Assert.True(AutomationRules.IsUp(AutomationDegree.ShadowMode, AutomationDegree.AiAssistance));
        Assert.False(AutomationRules.IsUp(AutomationDegree.AiAssistance, AutomationDegree.ShadowMode));
    }
}
