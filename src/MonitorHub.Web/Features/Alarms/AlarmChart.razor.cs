using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MonitorHub.Web.Features.Alarms;

public sealed partial class AlarmChart : ChartBase
{
    /// <summary>What the rule evaluated for this alarm's series between <paramref name="Start"/> and <paramref name="End"/>.</summary>
    public sealed record Evaluations(AlarmDetail Detail, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<SeriesPoint> Points);

    /// <summary>A new object (the alarm changed, was acknowledged or resolved) redraws the chart.</summary>
    [Parameter, EditorRequired] public Evaluations Shown { get; set; } = default!;

    /// <summary>Pixels; the incident page stacks several smaller charts on one time axis.</summary>
    [Parameter] public int Height { get; set; } = 360;

    /// <summary>The element id Plotly draws into: unique per chart when a page shows several.</summary>
    [Parameter] public string ChartId { get; set; } = "alarm-chart";

    protected override object? Source => Shown;

    protected override void Build()
    {
        var (detail, start, end, points) = Shown;
        var alarm = detail.Alarm;
        var rule = detail.Rule;
        Data.Add(new Scatter { Name = "evaluated value", Mode = ModeFlag.Lines | ModeFlag.Markers,
            X = points.Select(p => (object)Time.PlotX(p.T)).ToList(), Y = points.Select(p => (object)p.V).ToList() });
        Data.Add(Horizontal("threshold", rule.Threshold, start, end, MonitorHubTheme.Chart.Alert, "solid"));
        if (rule.EffectiveClearThreshold != rule.Threshold) Data.Add(Horizontal("clear threshold", rule.EffectiveClearThreshold, start, end, MonitorHubTheme.Chart.Ok, "dash"));
        foreach (var (from, to) in FiringPeriods(detail, end))
        {
            Data.Add(new Scatter
            {
                Name = "firing", ShowLegend = false, Mode = ModeFlag.None, Fill = FillEnum.ToZeroY,
                FillColor = MonitorHubTheme.Chart.AlertFill, X = [Time.PlotX(from), Time.PlotX(to)], Y = [MaxY(points, rule), MaxY(points, rule)],
            });
        }

        ChartLayout.Apply(Layout, new MetricDefinition(alarm.Metric, alarm.Metric, default, "", "", null, null, ""),
            AggregationExtensions.TryParse(rule.Aggregation, out var agg) ? agg : Aggregation.Count, Time,
            new SeriesQueryPlan(start, end, 60, false));
        Layout.Height = Height;
    }

    private static double MaxY(IReadOnlyList<SeriesPoint> points, AlarmRule rule) =>
        Math.Max(points.Count > 0 ? points.Max(p => p.V) : rule.Threshold, rule.Threshold) * 1.1;

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> FiringPeriods(AlarmDetail detail, DateTimeOffset end)
    {
        DateTimeOffset? since = null;
        foreach (var e in detail.Timeline.Where(e => e.To is not null))
        {
            var active = e.To is AlarmState.Firing or AlarmState.Acknowledged;
            if (active && since is null) since = e.At;
            else if (!active && since is { } s)
            {
                yield return (s, e.At);
                since = null;
            }
        }

        if (since is { } open) yield return (open, end);
    }

    private Scatter Horizontal(string name, double y, DateTimeOffset from, DateTimeOffset to, string color, string dash) => new()
    {
        Name = name, Mode = ModeFlag.Lines, X = [Time.PlotX(from), Time.PlotX(to)], Y = [y, y],
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Dash = dash, Width = 1.5m },
    };
}
