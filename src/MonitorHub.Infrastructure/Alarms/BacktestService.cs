using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// "Would have fired N times": replays a rule (saved or not) over past minute rollups with the live
/// state machine. Windows are read at minute granularity — a window covers the minutes up to and
/// including the one the step falls in — so a week-long backtest never touches raw samples.
/// </summary>
public sealed class BacktestService(SeriesQueryService queries)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    public async Task<(BacktestResult? Result, IReadOnlyList<ValidationIssue> Issues)> RunAsync(
        AlarmRule rule, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var issues = AlarmRuleValidation.Validate(rule).Where(i => i.Field != "name").ToList();
        if (to <= from) issues.Add(new(null, "to", "'to' must be later than 'from'."));
        else if (to - from > MaxRange) issues.Add(new(null, "from", "A backtest covers at most 31 days."));
        else if ((to - from).TotalSeconds / rule.EvaluationIntervalSeconds > Backtester.MaxSteps)
            issues.Add(new(null, "evaluationIntervalSeconds", $"At most {Backtester.MaxSteps} evaluation steps; use a longer interval or a shorter range."));
        if (issues.Count > 0) return (null, issues);

        var aggregation = rule.WindowAggregation;
        var windowMinutes = Math.Max(1, (int)Math.Ceiling(rule.WindowSeconds / 60.0));
        var fromMinute = UnixTime.MinuteOf(from.ToUnixTimeMilliseconds()) - windowMinutes;
        var toMinute = UnixTime.MinuteOf(to.ToUnixTimeMilliseconds()) + 1;
        var all = await queries.RollupsAsync(rule.Metric, fromMinute, toMinute, aggregation.IsQuantile(), cancellationToken);
        var series = all.Where(s => s.Tags.Matches(rule.Tags))
            .Select(s => (s.Tags, (Func<DateTimeOffset, double?>)(t => Window(s.Minutes, t, windowMinutes, aggregation, rule))))
            .ToList();
        return (Backtester.Run(rule, series, from, to), []);
    }

    private static double? Window(SortedList<long, (long Count, double Sum, double Min, double Max, byte[]? Sketch)> minutes, DateTimeOffset t, int windowMinutes, Aggregation aggregation, AlarmRule rule)
    {
        var end = UnixTime.MinuteOf(t.ToUnixTimeMilliseconds());
        var bucket = new BucketAccumulator(aggregation);
        for (var m = end - windowMinutes + 1; m <= end; m++)
        {
            if (!minutes.TryGetValue(m, out var r)) continue;
            bucket.AddRollup(r.Count, r.Sum, r.Min, r.Max, r.Sketch is { } blob ? () => DDSketch.Deserialize(blob) : null);
        }

        if (bucket.Count == 0) return null;
        return rule.FromWindowValue(bucket.Result(), windowMinutes * 60.0);
    }
}
