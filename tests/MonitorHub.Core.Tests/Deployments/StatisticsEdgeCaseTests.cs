using MonitorHub.Core.Deployments.Statistics;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class StatisticsEdgeCaseTests
{
    [Fact]
    public void Wilcoxon_AllDifferencesZero_Throws() =>
        Assert.Throws<ArgumentException>(() => Wilcoxon.Test([1, 2, 3], [1, 2, 3]));

    [Fact]
    public void Wilcoxon_LengthsDiffer_Throws() =>
        Assert.Throws<ArgumentException>(() => Wilcoxon.Test([1, 2, 3], [1, 2]));

    [Fact]
    public void Wilcoxon_ExactDistribution_SumsToOneAndIsSymmetric()
    {
        var pmf = Wilcoxon.ExactDistribution(12);

        Assert.Equal(12 * 13 / 2 + 1, pmf.Length);
        Assert.Equal(1.0, pmf.Sum(), 12);
        for (var r = 0; r < pmf.Length; r++) Assert.Equal(pmf[r], pmf[^(r + 1)], 15);
        Assert.Equal(1 / 4096.0, pmf[0]);
    }

    [Fact]
    public void MannWhitney_EmptyOrNaN_Throws()
    {
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1]));
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([double.NaN], [1]));
    }

    [Fact]
    public void MannWhitney_LargeSamples_UOfBothOrdersSumToNmAndShiftIsSeen()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 100_000).Select(_ => Math.Round(random.NextDouble() * 100, 2)).ToArray();
        var y = Enumerable.Range(0, 100_000).Select(_ => Math.Round(random.NextDouble() * 100 + 1, 2)).ToArray();

        var xy = MannWhitney.Test(x, y);
        var yx = MannWhitney.Test(y, x);

        Assert.Equal(1e10, xy.Statistic + yx.Statistic);
        Assert.Equal(xy.PValue, yx.PValue);
        Assert.True(xy.PValue < 1e-10); // a shift of 1 (≈ 0.035 sd) on 100 000 per arm: z ≈ 7.7
    }

    [Fact]
    public void McNemar_NoDiscordantPairs_IsOne()
    {
        Assert.Equal(new TestOutcome(0, 1), McNemar.Exact(0, 0));
        Assert.Throws<ArgumentException>(() => McNemar.Exact(-1, 2));
    }

    [Fact]
    public void TwoProportions_BothArmsAllOrNothing_IsNoDifference()
    {
        var none = Proportions.TwoSample(0, 10, 0, 20);
        var all = Proportions.TwoSample(10, 10, 20, 20);

        Assert.Equal((0.0, 1.0), (none.Statistic, none.PValue));
        Assert.Equal((0.0, 1.0), (all.Statistic, all.PValue));
        Assert.True(none.Interval.Low < 0 && none.Interval.High > 0);
    }

    [Theory]
    [InlineData(-1, 10, 0.95)]
    [InlineData(11, 10, 0.95)]
    [InlineData(0, 0, 0.95)]
    [InlineData(1, 10, 1.0)]
    [InlineData(1, 10, 0)]
    [InlineData(1, 10, double.NaN)]
    public void Wilson_BadInput_Throws(long successes, long n, double confidence) =>
        Assert.ThrowsAny<ArgumentException>(() => Proportions.Wilson(successes, n, confidence));

    [Fact]
    public void Agreement_LengthsDifferOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => Agreement.Compute(["a"], []));
        Assert.Throws<ArgumentException>(() => Agreement.Compute([], []));
    }
}
