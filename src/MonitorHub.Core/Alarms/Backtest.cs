using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Alarms;

public sealed record BacktestFiring(TagSet Tags, DateTimeOffset Start, DateTimeOffset End, double? Peak);

/// <summary>What the rule saw for one series at each step (null: no data), for charts and threshold suggestions.</summary>
public sealed record BacktestTrace(TagSet Tags, DateTimeOffset From, TimeSpan Step, IReadOnlyList<double?> Values)
{
    public IEnumerable<(DateTimeOffset At, double Value)> Points() =>
        Values.Select((v, i) => (At: From + (Step * (i + 1)), Value: v)).Where(p => p.Value is not null).Select(p => (p.At, p.Value!.Value));

    /// <summary>Replays the recorded values, so further backtests over the same data skip re-reading windows.</summary>
    public double? ValueAt(DateTimeOffset at)
    {
        var index = (int)((at - From).Ticks / Step.Ticks) - 1;
        return index >= 0 && index < Values.Count ? Values[index] : null;
    }
}

public sealed record BacktestResult(int Count, IReadOnlyList<BacktestFiring> Firings, double FiringFraction, int Steps)
{
    public IReadOnlyList<BacktestTrace> Traces { get; init; } = [];
}

/// <summary>
/// Replays a rule over past data with the same state machine live evaluation uses, stepping by the
/// rule's evaluation interval — so <c>for</c>, hysteresis, keep-firing and the no-data policy all
/// behave exactly as they would have.
/// </summary>
public static class Backtester
{
    public const int MaxSteps = 100_000;

    /// <param name="valueAt">The window aggregate of one series at an instant (null: no data).</param>
    /// <param name="traceSeries">Record the values of this many series (the first ones) in <see cref="BacktestResult.Traces"/>.</param>
    public static BacktestResult Run(
        AlarmRule rule, IReadOnlyList<(TagSet Tags, Func<DateTimeOffset, double?> ValueAt)> series, DateTimeOffset from, DateTimeOffset to, int traceSeries = 0)
    {
        var traces = new List<BacktestTrace>();
        var step = TimeSpan.FromSeconds(rule.EvaluationIntervalSeconds);
        var firings = new List<BacktestFiring>();
        var firingTime = TimeSpan.Zero;
        var steps = 0;
        foreach (var (tags, valueAt) in series)
        {
            AlarmStatus? status = null;
            var history = new List<DateTimeOffset>();
            DateTimeOffset? start = null;
            double? peak = null;
            steps = 0;
            var trace = traces.Count < traceSeries ? new List<double?>() : null;
            for (var t = from + step; t <= to && steps < MaxSteps; t += step, steps++)
            {
                var value = valueAt(t);
                trace?.Add(value);
                var result = AlarmEvaluator.Evaluate(rule, value, status, history, t);
                history.AddRange(result.Transitions.Select(x => x.At));
                if (history.Count > 64) history.RemoveRange(0, history.Count - 64);
                status = result.Status;
                var firing = status?.State is AlarmState.Firing or AlarmState.Acknowledged;
                if (firing)
                {
                    start ??= t;
                    if (value is { } v) peak = peak is null ? v : Worse(rule, peak.Value, v);
                }
                else if (start is { } began)
                {
                    firings.Add(new BacktestFiring(tags, began, t, peak));
                    firingTime += t - began;
                    (start, peak) = (null, null);
                }
            }

            if (start is { } open)
            {
                firings.Add(new BacktestFiring(tags, open, to, peak));
                firingTime += to - open;
            }

            if (trace is not null) traces.Add(new BacktestTrace(tags, from, step, trace));
        }

        var total = (to - from) * Math.Max(1, series.Count);
        return new BacktestResult(firings.Count, [.. firings.OrderBy(f => f.Start)], total > TimeSpan.Zero ? firingTime / total : 0, steps) { Traces = traces };
    }

    /// <summary>The peak is the value furthest past the threshold: the highest for '&gt;' rules, the lowest for '&lt;'.</summary>
    private static double Worse(AlarmRule rule, double a, double b) =>
        rule.Operator is Comparison.GreaterThan or Comparison.GreaterOrEqual ? Math.Max(a, b) : Math.Min(a, b);
}
