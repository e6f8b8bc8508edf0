using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Alarms;

public sealed class SeasonalRuleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-23T00:00:00Z", 0)]
    [InlineData("2026-11-23T09:30:00Z", 9)]
    [InlineData("2026-11-24T00:00:00Z", 24)]
    [InlineData("2026-11-29T23:59:59Z", 167)]
    [InlineData("2026-11-23T01:30:00+02:00", 167)]
    public void HourOfWeek_CountsUtcHoursFromMonday(string at, int expected) =>
        Assert.Equal(expected, AlarmRule.HourOfWeek(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void SeasonalRule_UsesThatHoursThreshold_AndKeepsTheClearGap()
    {
        var table = Enumerable.Repeat(100.0, 168).ToArray();
        table[9] = 1000;
        var rule = new AlarmRule { Metric = "m", Threshold = 100, ClearThreshold = 90, HourOfWeekThresholds = table };

        Assert.False(rule.Breaches(500, Monday.AddHours(9)));
        Assert.True(rule.Breaches(500, Monday.AddHours(10)));
        Assert.Equal(990, rule.ClearThresholdAt(Monday.AddHours(9)));
    }

    [Fact]
    public void Backtest_OfASeasonalRule_IgnoresTheExpectedBusyHour()
    {
        var table = Enumerable.Repeat(200.0, 168).ToArray();
        table[9] = 2000;
        var seasonal = new AlarmRule { Metric = "m", Threshold = 200, HourOfWeekThresholds = table, EvaluationIntervalSeconds = 60 };
        var flat = seasonal with { HourOfWeekThresholds = null };
        // Busy at 09:00 (expected), and one real incident at 14:00.
        double? ValueAt(DateTimeOffset t) => t.Hour == 9 ? 1500 : t.Hour == 14 && t.Minute < 10 ? 900 : 100;
        var series = new List<(TagSet, Func<DateTimeOffset, double?>)> { (TagSet.Empty, ValueAt) };

        Assert.Equal(1, Backtester.Run(seasonal, series, Monday, Monday.AddDays(1)).Count);
        Assert.Equal(2, Backtester.Run(flat, series, Monday, Monday.AddDays(1)).Count);
    }

    [Fact]
    public void Validation_RejectsATableOfTheWrongLength() =>
        Assert.Contains(AlarmRuleValidation.Validate(new AlarmRule { Name = "r", Metric = "m", HourOfWeekThresholds = [1, 2, 3] }), i => i.Field == "hourOfWeekThresholds");

    [Fact]
    public void Traces_ReplayTheValuesTheBacktestSaw()
    {
        var rule = new AlarmRule { Metric = "m", Threshold = 5, EvaluationIntervalSeconds = 60 };
        double? ValueAt(DateTimeOffset t) => t.Minute % 7 == 0 ? null : t.Minute;
        var series = new List<(TagSet, Func<DateTimeOffset, double?>)> { (TagSet.Empty, ValueAt) };

        var result = Backtester.Run(rule, series, Monday, Monday.AddHours(2), traceSeries: 1);

        var trace = Assert.Single(result.Traces);
        for (var t = Monday.AddMinutes(1); t <= Monday.AddHours(2); t = t.AddMinutes(1)) Assert.Equal(ValueAt(t), trace.ValueAt(t));
        var replayed = Backtester.Run(rule, [(TagSet.Empty, trace.ValueAt)], Monday, Monday.AddHours(2));
        Assert.Equal(result.Count, replayed.Count);
        Assert.Equal(result.Firings, replayed.Firings);
    }
}
