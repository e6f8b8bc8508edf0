using MonitorHub.Core.Alarms;
using MonitorHub.Core.Thresholds;

namespace MonitorHub.Core.Tests.Thresholds;

public sealed class ThresholdSuggesterTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset, double)> Values(params double[] values) =>
        [.. values.Select((v, i) => (Monday.AddMinutes(i), v))];

    [Fact]
    public void UpperRule_GetsPercentilePlusMargin_MeanPlusKSigma_MedianPlusKMad()
    {
        // 1..100: p99 (linear) = 99.01, mean 50.5, population σ = sqrt((100²-1)/12), median 50.5, MAD 25.
        var history = Values([.. Enumerable.Range(1, 100).Select(i => (double)i)]);

        var s = ThresholdSuggester.Suggest(Comparison.GreaterThan, history).ToDictionary(x => x.Method);

        Assert.Equal(99.01 * 1.1, s["percentile"].Threshold, 9);
        Assert.Equal(50.5 + (3 * Math.Sqrt(((100.0 * 100) - 1) / 12)), s["meanSigma"].Threshold, 9);
        Assert.Equal(50.5 + (3 * 1.4826 * 25), s["medianMad"].Threshold, 9);
    }

    [Fact]
    public void LowerRule_GetsLimitsBelowTheTypicalValue()
    {
        var history = Values([.. Enumerable.Range(1, 100).Select(i => (double)i)]);

        var s = ThresholdSuggester.Suggest(Comparison.LessThan, history).ToDictionary(x => x.Method);

        Assert.Equal(1.99 * 0.9, s["percentile"].Threshold, 9);
        Assert.Equal(50.5 - (3 * 1.4826 * 25), s["medianMad"].Threshold, 9);
        Assert.True(s["meanSigma"].Threshold < 50.5);
    }

    [Fact]
    public void OneOutlier_MovesMeanSigma_ButBarelyMovesMedianMad()
    {
        var calm = Values([.. Enumerable.Range(0, 200).Select(i => 100.0 + (i % 5))]);
        var spiky = Values([.. Enumerable.Range(0, 200).Select(i => i == 100 ? 10_000 : 100.0 + (i % 5))]);

        var a = ThresholdSuggester.Suggest(Comparison.GreaterThan, calm).ToDictionary(x => x.Method);
        var b = ThresholdSuggester.Suggest(Comparison.GreaterThan, spiky).ToDictionary(x => x.Method);

        Assert.True(b["meanSigma"].Threshold > a["meanSigma"].Threshold * 5);
        Assert.Equal(a["medianMad"].Threshold, b["medianMad"].Threshold, 6);
    }

    [Fact]
    public void HourOfWeekBaseline_FollowsTheBusyHours()
    {
        // Four weeks of minute values: Monday 09:00 UTC is busy (~1000), every other hour quiet (~100).
        var history = new List<(DateTimeOffset, double)>();
        for (var t = Monday; t < Monday.AddDays(28); t = t.AddMinutes(10))
        {
            var busy = t.DayOfWeek == DayOfWeek.Monday && t.Hour == 9;
            history.Add((t, (busy ? 1000 : 100) + (t.Minute % 3)));
        }

        var seasonal = ThresholdSuggester.Suggest(Comparison.GreaterThan, history).Single(s => s.Method == "hourOfWeek");

        var table = Assert.IsAssignableFrom<IReadOnlyList<double>>(seasonal.HourOfWeek);
        Assert.Equal(168, table.Count);
        Assert.InRange(table[9], 1000, 1010);
        Assert.InRange(table[10], 100, 110);
        Assert.InRange(table[167], 100, 110);
    }

    [Fact]
    public void MostlyConstantValues_StillGetABandAboveTheMedian()
    {
        // 202 most of the time: MAD is 0, so the spread falls back to the mean absolute deviation.
        var history = Values([.. Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? 210.0 : 202.0)]);

        var mad = ThresholdSuggester.Suggest(Comparison.GreaterThan, history).Single(s => s.Method == "medianMad");

        Assert.Equal(202 + (3 * 1.2533 * 0.8), mad.Threshold, 9);
        Assert.True(mad.Threshold < 210);
    }

    [Fact]
    public void TooLittleHistory_SuggestsNothing() =>
        Assert.Empty(ThresholdSuggester.Suggest(Comparison.GreaterThan, Values(5)));

    [Fact]
    public void Quantile_InterpolatesLinearly_LikeNumpy()
    {
        Assert.Equal(2.5, ThresholdSuggester.Quantile([1, 2, 3, 4], 0.5));
        Assert.Equal(3.7, ThresholdSuggester.Quantile([1, 2, 3, 4], 0.9), 12);
    }
}
