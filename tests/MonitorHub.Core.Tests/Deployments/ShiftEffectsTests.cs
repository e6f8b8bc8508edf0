using MonitorHub.Core.Deployments.Statistics;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class ShiftEffectsTests
{
    private static double BruteForceMedian(double[] baseline, double[] candidate)
    {
        var diffs = candidate.SelectMany(c => baseline.Select(b => c - b)).Order().ToArray();
        var mid = diffs.Length / 2;
        return diffs.Length % 2 == 1 ? diffs[mid] : (diffs[mid - 1] + diffs[mid]) / 2;
    }

    [Theory]
    [InlineData(1, 7, 9, false)]
    [InlineData(2, 8, 8, false)]
    [InlineData(3, 40, 33, true)]
    [InlineData(4, 1, 1, false)]
    [InlineData(5, 1, 6, true)]
    [InlineData(6, 100, 101, true)]
    public void HodgesLehmann_EqualsMedianOfAllPairwiseDifferences(int seed, int n, int m, bool ties)
    {
        var random = new Random(seed);
        double Next() => ties ? random.Next(-3, 4) * 0.5 : Math.Round(random.NextDouble() * 20 - 10, 6);
        var baseline = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
        var candidate = Enumerable.Range(0, m).Select(_ => Next()).ToArray();

        Assert.Equal(BruteForceMedian(baseline, candidate), ShiftEffects.HodgesLehmann(baseline, candidate));
    }

    [Fact]
    public void HodgesLehmann_MixedSignsAndHugeSpread_StaysExact()
    {
        double[] baseline = [-1e300, -5, 0, 3, 1e-300];
        double[] candidate = [-2, 1e299, 7, -1e-310];

        Assert.Equal(BruteForceMedian(baseline, candidate), ShiftEffects.HodgesLehmann(baseline, candidate));
    }

    [Fact]
    public void HodgesLehmann_NonFinite_Throws() =>
        Assert.Throws<ArgumentException>(() => ShiftEffects.HodgesLehmann([1, double.PositiveInfinity], [2]));

    [Fact]
    public void MeanRatio_IsCandidateMeanOverBaselineMean()
    {
        Assert.Equal(1.5, ShiftEffects.MeanRatio([2, 4], [3, 6]));
        Assert.True(double.IsNaN(ShiftEffects.MeanRatio([-1, 1], [3])));
    }
}
