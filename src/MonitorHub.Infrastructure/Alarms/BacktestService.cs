using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Core.Thresholds;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// "Would have fired N times": replays a rule (saved or not) over past minute rollups with the live
/// state machine. Windows are read at minute granularity — a window (t − W, t] covers every minute it
/// overlaps, so a sample the live evaluator would have seen is never missed (at the cost of up to one
/// earlier minute) — and a week-long backtest never touches raw samples.
/// </summary>
public sealed class BacktestService(SeriesQueryService queries)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    /// <summary>Series beyond this many are evaluated but not traced for the chart.</summary>
    public const int ChartSeries = 5;

    /// <summary>Suggestions learn from at most this many series' values.</summary>
    public const int SuggestionSeries = 50;

    public async Task<StoreResult<BacktestResult>> RunAsync(
        AlarmRule rule, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default, int traceSeries = 0)
    {
        var issues = AlarmRuleValidation.Validate(rule).Where(i => i.Field != "name").ToList();
        if (to <= from) issues.Add(new(null, "to", "'to' must be later than 'from'."));
        else if (to - from > MaxRange) issues.Add(new(null, "from", "A backtest covers at most 31 days."));
        else if ((to - from).TotalSeconds / rule.EvaluationIntervalSeconds > Backtester.MaxSteps)
            issues.Add(new(null, "evaluationIntervalSeconds", $"At most {Backtester.MaxSteps} evaluation steps; use a longer interval or a shorter range."));
        if (issues.Count > 0) return StoreResult<BacktestResult>.Invalid(issues);

        var aggregation = rule.WindowAggregation;
        var windowMs = rule.WindowSeconds * 1000L;
        var fromMinute = UnixTime.MinuteOf(from.ToUnixTimeMilliseconds() - windowMs);
        var toMinute = UnixTime.MinuteOf(to.ToUnixTimeMilliseconds()) + 1;
        var all = await queries.RollupsAsync(rule.Metric, fromMinute, toMinute, aggregation.IsQuantile(), cancellationToken);
        var series = all.Where(s => s.Tags.Matches(rule.Tags))
            .Select(s => (s.Tags, (Func<DateTimeOffset, double?>)(t => Window(s.Minutes, t, windowMs, aggregation, rule))))
            .ToList();
        return StoreResult<BacktestResult>.Ok(Backtester.Run(rule, series, from, to, traceSeries));
    }

    private static double? Window(SortedList<long, (long Count, double Sum, double Min, double Max, byte[]? Sketch)> minutes, DateTimeOffset t, long windowMs, Aggregation aggregation, AlarmRule rule)
    {
        var endMs = t.ToUnixTimeMilliseconds();
        // The window is (t − W, t]: its first millisecond decides the first minute.
        var first = UnixTime.MinuteOf(endMs - windowMs + 1);
        var end = UnixTime.MinuteOf(endMs);
        var bucket = new BucketAccumulator(aggregation);
        for (var m = first; m <= end; m++)
        {
            if (!minutes.TryGetValue(m, out var r)) continue;
            bucket.AddRollup(r.Count, r.Sum, r.Min, r.Max, r.Sketch is { } blob ? () => DDSketch.Deserialize(blob) : null);
        }

        if (bucket.Count == 0) return null;
        return rule.FromWindowValue(bucket.Result(), (end - first + 1) * 60.0);
    }

    /// <summary>
    /// Threshold suggestions learned from what the rule would have seen over [from, to], each with its
    /// own backtest over the same data — replayed from the recorded values, so windows are read once.
    /// </summary>
    public async Task<StoreResult<SuggestionReport>> SuggestAsync(
        AlarmRule rule, DateTimeOffset from, DateTimeOffset to, SuggestionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = await RunAsync(rule, from, to, cancellationToken, SuggestionSeries);
        if (!run.IsOk) return StoreResult<SuggestionReport>.Invalid(run.Issues);
        var baseline = run.Value;
        var history = baseline.Traces.SelectMany(t => t.Points()).ToList();
        var replay = baseline.Traces.Select(t => (t.Tags, (Func<DateTimeOffset, double?>)t.ValueAt)).ToList();
        var gap = rule.ClearThreshold is null ? (double?)null : rule.Threshold - rule.EffectiveClearThreshold;
        var suggestions = new List<SuggestedThreshold>();
        foreach (var s in ThresholdSuggester.Suggest(rule.Operator, history, options))
        {
            var candidate = rule with { Threshold = s.Threshold, ClearThreshold = s.Threshold - gap, HourOfWeekThresholds = s.HourOfWeek };
            var result = Backtester.Run(candidate, replay, from, to);
            suggestions.Add(new SuggestedThreshold(s, candidate.ClearThreshold, result.Count, result.FiringFraction));
        }

        return StoreResult<SuggestionReport>.Ok(new SuggestionReport(history.Count, baseline.Count, suggestions));
    }
}

public sealed record SuggestedThreshold(ThresholdSuggestion Suggestion, double? ClearThreshold, int Count, double FiringFraction);

/// <summary>Suggestions next to the current rule's own count, so the comparison is one glance.</summary>
public sealed record SuggestionReport(int Samples, int CurrentCount, IReadOnlyList<SuggestedThreshold> Suggestions);
