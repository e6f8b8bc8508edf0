using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Alarms;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MonitorHub.Web.Features.Alarms;

public sealed partial class BacktestChart : ChartBase
{
    /// <summary>Points per series sent to the browser; buckets keep the value furthest past the threshold.</summary>
    public const int MaxPoints = 1500;

    [Parameter, EditorRequired] public AlarmRule Rule { get; set; } = default!;
    [Parameter, EditorRequired] public BacktestResult Result { get; set; } = default!;
    [Parameter, EditorRequired] public DateTimeOffset From { get; set; }
    [Parameter, EditorRequired] public DateTimeOffset To { get; set; }
    [Parameter] public string Unit { get; set; } = "";

    // Redrawn only when a new backtest arrived, not on every parent render.
    protected override object? Source => Result;

    protected override void Build()
    {
        var upper = Rule.Operator is Comparison.GreaterThan or Comparison.GreaterOrEqual;
        double? lo = null, hi = null;
        foreach (var trace in Result.Traces)
        {
            var points = Downsample(trace, upper);
            foreach (var (_, v) in points) (lo, hi) = (Math.Min(lo ?? v, v), Math.Max(hi ?? v, v));
            Data.Add(new Scatter
            {
                Name = trace.Tags.Count == 0 ? Rule.Metric : AlarmUi.Tags(trace.Tags), Mode = ModeFlag.Lines,
                X = points.Select(p => (object)Time.PlotX(p.At)).ToList(), Y = points.Select(p => (object)p.Value).ToList(),
            });
        }

        var threshold = Line(Rule.ThresholdAt);
        var clear = Line(Rule.ClearThresholdAt);
        foreach (var (_, v) in threshold.Concat(clear)) (lo, hi) = (Math.Min(lo ?? v, v), Math.Max(hi ?? v, v));
        var pad = Math.Max(((hi ?? 1) - (lo ?? 0)) * 0.08, 1e-9);
        var (bottom, top) = ((lo ?? 0) - pad, (hi ?? 1) + pad);
        if (Result.Firings.Count > 0) Data.Add(Bands(bottom, top));
        Data.Add(Step("threshold", threshold, MonitorHubTheme.Chart.Alert, "solid"));
        if (Rule.EffectiveClearThreshold != Rule.Threshold) Data.Add(Step("clear threshold", clear, MonitorHubTheme.Chart.Ok, "dash"));

        var unit = string.IsNullOrEmpty(Unit) ? "" : $" ({Unit})";
        ChartLayout.Themed(Layout, 300, new Plotly.Blazor.LayoutLib.Margin { L = 60, R = 10, T = 10, B = 50 });
        Layout.Legend = ChartLayout.HorizontalLegend(-0.25m);
        Layout.XAxis = [ChartLayout.TimeAxis(Time, [Time.PlotX(From), Time.PlotX(To)])];
        Layout.YAxis = [ChartLayout.ValueAxis($"{Rule.Aggregation}{unit}", [bottom, top])];
    }

    /// <summary>At most <see cref="MaxPoints"/> points; each bucket keeps its worst value so no breach disappears.</summary>
    private static List<(DateTimeOffset At, double Value)> Downsample(BacktestTrace trace, bool upper)
    {
        var points = trace.Points().ToList();
        if (points.Count <= MaxPoints) return points;
        var size = (int)Math.Ceiling(points.Count / (double)MaxPoints);
        return [.. points.Chunk(size).Select(c => upper ? c.MaxBy(p => p.Value) : c.MinBy(p => p.Value))];
    }

    /// <summary>The limit over the range: two points when constant, a step per hour for a seasonal baseline.</summary>
    private List<(DateTimeOffset At, double Value)> Line(Func<DateTimeOffset, double> at)
    {
        if (Rule.HourOfWeekThresholds is null) return [(From, at(From)), (To, at(To))];
        var points = new List<(DateTimeOffset, double)>();
        var hour = new DateTimeOffset(From.UtcDateTime.Date.AddHours(From.UtcDateTime.Hour), TimeSpan.Zero);
        for (var t = hour; t < To; t = t.AddHours(1))
        {
            var start = t < From ? From : t;
            points.Add((start, at(t)));
            points.Add((t.AddHours(1) > To ? To : t.AddHours(1), at(t)));
        }

        return points;
    }

    private Scatter Step(string name, List<(DateTimeOffset At, double Value)> points, string color, string dash) => new()
    {
        Name = name, Mode = ModeFlag.Lines, X = points.Select(p => (object)Time.PlotX(p.At)).ToList(), Y = points.Select(p => (object)p.Value).ToList(),
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Dash = dash, Width = 1.5m },
    };

    /// <summary>All would-have-fired periods as one trace of closed rectangles, separated by gaps.</summary>
    private Scatter Bands(double bottom, double top)
    {
        var x = new List<object?>();
        var y = new List<object?>();
        foreach (var f in Result.Firings)
        {
            var (a, b) = (Time.PlotX(f.Start), Time.PlotX(f.End));
            x.AddRange([a, b, b, a, a, null]);
            y.AddRange([bottom, bottom, top, top, bottom, null]);
        }

        return new Scatter
        {
            Name = "would have fired", Mode = ModeFlag.None, Fill = FillEnum.ToSelf, FillColor = MonitorHubTheme.Chart.AlertFill, HoverOn = HoverOnFlag.Fills,
            X = x!, Y = y!, ConnectGaps = false,
        };
    }
}
