using MonitorHub.Core.Metrics;
using MonitorHub.Web.Components.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace MonitorHub.Web.Features.Metrics;

/// <summary>Plotly layout for a metric chart: units on the y axis, the user's zone on the x axis,
/// transparent backgrounds so the chart follows light and dark themes.</summary>
public static class ChartLayout
{
    /// <summary>What every chart shares: its size, transparent backgrounds (so it follows light and dark themes), muted text, a legend.</summary>
    public static void Themed(Layout layout, int height, Margin margin)
    {
        layout.AutoSize = true;
        layout.Height = height;
        layout.PaperBgColor = "rgba(0,0,0,0)";
        layout.PlotBgColor = "rgba(0,0,0,0)";
        layout.Font = new Font { Color = "#8a94a6" };
        layout.Margin = margin;
        layout.ShowLegend = true;
    }

    public static void Apply(Layout layout, MetricDefinition definition, Aggregation aggregation, UserTimeZone zone, SeriesQueryPlan plan)
    {
        var unit = string.IsNullOrEmpty(definition.Unit) ? "" : $" ({definition.Unit})";
        var yTitle = aggregation == Aggregation.Count ? "samples per bucket" : $"{aggregation.ToName()} {definition.DisplayName}{unit}";
        Themed(layout, 420, new Margin { L = 70, R = 20, T = 20, B = 60 });
        layout.HoverMode = HoverModeEnum.X;
        layout.XAxis =
            [
                new XAxis
                {
                    Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"time ({zone.DisplayName})" },
                    Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date,
                    GridColor = "rgba(128,128,128,0.2)",
                    Range = [zone.PlotX(plan.From), zone.PlotX(plan.To)],
                },
            ];
        layout.YAxis =
            [
                new YAxis
                {
                    Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle },
                    GridColor = "rgba(128,128,128,0.2)",
                },
            ];
    }
}
