using MonitorHub.Core.Deployments;
using MonitorHub.Core.Deployments.Statistics;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class ShadowComparisonTests
{
    [Fact]
    public void Classification_AgreementKappaAndWilsonInterval()
    {
        // 8 of 10 agree; live says yes 5 times, shadow 5 times.
        ShadowRow[] rows =
        [
            new("yes", "yes"), new("yes", "yes"), new("yes", "yes"), new("yes", "yes"), new("yes", "no"),
            new("no", "no"), new("no", "no"), new("no", "no"), new("no", "no"), new("no", "yes"),
        ];

        var result = ShadowComparison.Classification(rows);

        Assert.Equal(10, result.Pairs);
        Assert.Equal(8, result.Agreements);
        Assert.Equal(0.8, result.AgreementRate, 12);
        Assert.Equal(0.6, result.Kappa!.Value, 12); // (0.8 − 0.5) / (1 − 0.5)
        var wilson = Proportions.Wilson(8, 10);
        Assert.Equal(wilson.Low, result.AgreementLow);
        Assert.Equal(wilson.High, result.AgreementHigh);
        Assert.True(result.AgreementLow < 0.8 && result.AgreementHigh > 0.8);
        Assert.Null(result.Labelled);
    }

    [Fact]
    public void Classification_WithLabels_ComparesAccuraciesWithMcNemarOnDiscordantPairs()
    {
        var rows = new List<ShadowRow>();
        rows.AddRange(Enumerable.Repeat(new ShadowRow("a", "a", "a"), 50)); // both right
        rows.AddRange(Enumerable.Repeat(new ShadowRow("b", "a", "a"), 11)); // only shadow right
        rows.AddRange(Enumerable.Repeat(new ShadowRow("a", "b", "a"), 3));  // only live right
        rows.AddRange(Enumerable.Repeat(new ShadowRow("b", "b", "a"), 6));  // both wrong
        rows.AddRange(Enumerable.Repeat(new ShadowRow("a", "a"), 30));      // not labelled yet

        var labelled = ShadowComparison.Classification(rows).Labelled!;

        Assert.Equal(70, labelled.Labelled);
        Assert.Equal(53 / 70.0, labelled.LiveAccuracy, 12);
        Assert.Equal(61 / 70.0, labelled.ShadowAccuracy, 12);
        Assert.Equal(3, labelled.OnlyLiveRight);
        Assert.Equal(11, labelled.OnlyShadowRight);
        Assert.Equal(McNemar.Exact(3, 11).PValue, labelled.McNemarPValue);
        Assert.Equal(0.0574, labelled.McNemarPValue, 4);
    }

    [Fact]
    public void Classification_OneLabelOnBothSides_HasNoKappa()
    {
        var result = ShadowComparison.Classification([new("x", "x"), new("x", "x")]);

        Assert.Equal(1, result.AgreementRate);
        Assert.Null(result.Kappa);
    }

    [Fact]
    public void Numeric_WilcoxonOnDifferencesAndMedianDifference()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new NumericShadowRow(i + 1.5, i + (i % 3 == 0 ? 2.0 : 1.0))).ToList();

        var result = ShadowComparison.Numeric(rows);

        Assert.Equal(30, result.Pairs);
        Assert.Equal(0.5, result.MedianDifference);
        var expected = Wilcoxon.Test([.. rows.Select(r => r.Live)], [.. rows.Select(r => r.Shadow)]);
        Assert.Equal(expected, result.Differences);
        Assert.Null(result.Labelled);
    }

    [Fact]
    public void Numeric_IdenticalOutputs_HaveNoTestRatherThanAnError()
    {
        var result = ShadowComparison.Numeric([new(1, 1, 2), new(3, 3, 2)]);

        Assert.Null(result.Differences);
        Assert.Equal(0, result.MedianDifference);
        Assert.Null(result.Labelled!.ErrorTest);
        Assert.Equal(1, result.Labelled.LiveMeanAbsoluteError);
    }

    [Fact]
    public void Numeric_WithLabels_ComparesAbsoluteErrors()
    {
        var rows = Enumerable.Range(0, 20).Select(i => new NumericShadowRow(i + 1.0 + i * 0.01, i + 0.1, i)).ToList();

        var labelled = ShadowComparison.Numeric(rows).Labelled!;

        Assert.Equal(20, labelled.Labelled);
        Assert.True(labelled.LiveMeanAbsoluteError > labelled.ShadowMeanAbsoluteError);
        Assert.True(labelled.ErrorTest!.Value.PValue < 0.001);
    }

    [Fact]
    public void Numeric_NonFinite_Throws() =>
        Assert.Throws<ArgumentException>(() => ShadowComparison.Numeric([new(double.NaN, 1)]));
}
