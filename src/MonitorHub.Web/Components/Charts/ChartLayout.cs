using MonitorHub.Core.Metrics;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Components.Shared;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;

namespace MonitorHub.Web.Components.Charts;

/// <summary>Plotly layouts built from <see cref="MonitorHubTheme"/>, so every chart in every feature looks alike.</summary>
public static class ChartLayout
{
    /// <summary>What every chart shares: its size, transparent backgrounds (so it follows light and dark themes), muted text, a legend.</summary>
    public static void Themed(PlotlyLayout layout, int height, Margin margin)
    {
        layout.AutoSize = true;
        layout.Height = height;
        layout.PaperBgColor = "rgba(0,0,0,0)";
        layout.PlotBgColor = "rgba(0,0,0,0)";
        layout.Font = new Font { Color = MonitorHubTheme.Chart.Text };
        layout.Margin = margin;
        layout.ShowLegend = true;
    }

    /// <summary>A legend in one row, <paramref name="y"/> of the plot's height above (or, negative, below) it.</summary>
    public static IList<Legend> HorizontalLegend(decimal y, decimal? x = null) =>
        [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = y, X = x }];

    /// <summary>The time axis: titled with the viewer's zone, since every x value is a local time (<see cref="BrowserTimeProvider.PlotX"/>).</summary>
    public static XAxis TimeAxis(BrowserTimeProvider time, object[]? range) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"time ({time.DisplayName})" },
        Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date,
        GridColor = MonitorHubTheme.Chart.Grid,
        Range = range,
    };

    public static YAxis ValueAxis(string title, object[]? range = null) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = title },
        GridColor = MonitorHubTheme.Chart.Grid,
        Range = range,
    };

    /// <summary>A metric chart: units on the y axis, the user's zone on the x axis.</summary>
    public static void Apply(PlotlyLayout layout, MetricDefinition definition, Aggregation aggregation, BrowserTimeProvider time, SeriesQueryPlan plan)
    {
        var unit = string.IsNullOrEmpty(definition.Unit) ? "" : $" ({definition.Unit})";
        var yTitle = aggregation == Aggregation.Count ? "samples per bucket" : $"{aggregation.ToName()} {definition.DisplayName}{unit}";
        Themed(layout, 420, new Margin { L = 70, R = 20, T = 20, B = 60 });
        layout.HoverMode = HoverModeEnum.X;
        layout.XAxis = [TimeAxis(time, [time.PlotX(plan.From), time.PlotX(plan.To)])];
        layout.YAxis = [ValueAxis(yTitle)];
    }
}
