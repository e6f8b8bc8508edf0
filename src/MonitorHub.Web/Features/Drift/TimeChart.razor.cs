using Microsoft.AspNetCore.Components;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MonitorHub.Web.Features.Drift;

public sealed partial class TimeChart : ChartBase
{
    public sealed record Line(string Name, IReadOnlyList<(DateTimeOffset At, double? Value)> Points, string? Color = null, bool Markers = false, bool SecondAxis = false);

    public sealed record Marker(DateTimeOffset At, string Label, string Color);

    [Parameter, EditorRequired] public string Id { get; set; } = "";
    [Parameter] public string? TestId { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<Line> Lines { get; set; } = [];
    [Parameter] public IReadOnlyList<Marker> Markers { get; set; } = [];
    [Parameter] public string YTitle { get; set; } = "";
    [Parameter] public string? Y2Title { get; set; }
    [Parameter] public double? Limit { get; set; }
    [Parameter] public string LimitLabel { get; set; } = "threshold";
    [Parameter] public int Height { get; set; } = 260;
    [Parameter] public (double Min, double Max)? YRange { get; set; }

    protected override object? Source => Lines;

    protected override void Build()
    {
        var times = Lines.SelectMany(l => l.Points.Select(p => p.At)).Concat(Markers.Select(m => m.At)).ToList();
        foreach (var line in Lines)
        {
            Data.Add(new Scatter
            {
                Name = line.Name, Mode = line.Markers ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines, ConnectGaps = false,
                X = line.Points.Select(p => (object)Time.PlotX(p.At)).ToList(), Y = line.Points.Select(p => (object?)p.Value).ToList()!,
                Line = line.Color is null ? null : new Plotly.Blazor.Traces.ScatterLib.Line { Color = line.Color, Width = 2 },
                YAxis = line.SecondAxis ? "y2" : "y",
            });
        }

        if (Limit is { } limit && times.Count > 0)
        {
            Data.Add(new Scatter
            {
                Name = LimitLabel, Mode = ModeFlag.Lines, X = [Time.PlotX(times.Min()), Time.PlotX(times.Max())], Y = [limit, limit],
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = MonitorHubTheme.Chart.Alert, Dash = "dash", Width = 1.5m },
            });
        }

        AddMarkers();
        ChartLayout.Themed(Layout, Height, new Plotly.Blazor.LayoutLib.Margin { L = 60, R = Y2Title is null ? 10 : 60, T = 10, B = 50 });
        Layout.Legend = ChartLayout.HorizontalLegend(-0.3m);
        // One run (or a few seconds of them) would get millisecond ticks; show at least an hour around them.
        object[]? range = null;
        if (times.Count > 0 && times.Max() - times.Min() < TimeSpan.FromMinutes(30))
        {
            range = [Time.PlotX(times.Min().AddMinutes(-30)), Time.PlotX(times.Max().AddMinutes(30))];
        }

        Layout.XAxis = [ChartLayout.TimeAxis(Time, range)];
        var yAxes = new List<Plotly.Blazor.LayoutLib.YAxis> { ChartLayout.ValueAxis(YTitle, YRange is { } r ? [r.Min, r.Max] : null) };
        if (Y2Title is not null)
        {
            yAxes.Add(new() { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = Y2Title }, Overlaying = "y", Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right, ShowGrid = false });
        }

        Layout.YAxis = yAxes;
    }

    /// <summary>Vertical markers, one trace of separated segments per kind, so the legend names each kind once.</summary>
    private void AddMarkers()
    {
        var (low, high) = YRange ?? (0, 1);
        foreach (var group in Markers.GroupBy(m => (m.Label, m.Color)))
        {
            var x = new List<object?>();
            var y = new List<object?>();
            foreach (var m in group)
            {
                x.AddRange([Time.PlotX(m.At), Time.PlotX(m.At), null]);
                y.AddRange([low, high, null]);
            }

            Data.Add(new Scatter
            {
                Name = group.Key.Label, Mode = ModeFlag.Lines, X = x!, Y = y!, YAxis = "y",
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = group.Key.Color, Width = 1.5m, Dash = "dot" },
            });
        }
    }
}
