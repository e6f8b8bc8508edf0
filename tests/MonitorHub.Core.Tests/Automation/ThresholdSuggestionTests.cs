using MonitorHub.Core.Automation;

namespace MonitorHub.Core.Tests.Automation;

public sealed class ThresholdSuggestionTests
{
    [Fact]
    public void Curve_CountsDecisionsAtOrAboveEachTau()
    {
        ScoredOutcome[] outcomes = [new(0.9, true), new(0.8, true), new(0.6, false), new(0.2, false)];

        var curve = ThresholdSuggestion.Compute(outcomes, 0.95, steps: 10);

        var at = curve.Points.ToDictionary(p => Math.Round(p.Threshold, 1));
        Assert.Equal((2L, 1.0, 0.5), (at[0.8].Automated, at[0.8].Precision!.Value, at[0.8].ShareAutomated));
        Assert.Equal((3L, 2 / 3.0, 0.75), (at[0.6].Automated, at[0.6].Precision!.Value, at[0.6].ShareAutomated));
        Assert.Equal((4L, 0.5, 1.0), (at[0.0].Automated, at[0.0].Precision!.Value, at[0.0].ShareAutomated));
        Assert.Null(at[1.0].Precision);
        Assert.Equal(0.7, curve.Suggested!.Value, 12);
    }

    [Fact]
    public void Suggested_IsTheLowestTauReachingTheTarget_EvenWhenPrecisionDipsAboveIt()
    {
        // A wrong answer at 0.9 makes precision dip at high τ; the lowest τ reaching the target is still 0.4 (19 of 20 right).
        ScoredOutcome[] outcomes = [new(0.95, true), new(0.9, false), .. Enumerable.Range(0, 18).Select(_ => new ScoredOutcome(0.7, true)), new(0.3, false), new(0.3, false), new(0.3, false)];

        var curve = ThresholdSuggestion.Compute(outcomes, 0.9, steps: 10);

        Assert.Equal(0.4, curve.Suggested!.Value, 12);
    }

    [Fact]
    public void Suggested_IsNull_WhenNoTauReachesTheTarget_OrThereIsNoData()
    {
        Assert.Null(ThresholdSuggestion.Compute([new(0.9, false)], 0.5).Suggested);
        var empty = ThresholdSuggestion.Compute([], 0.5);
        Assert.Null(empty.Suggested);
        Assert.All(empty.Points, p => Assert.Equal(0, p.ShareAutomated));
    }
}
