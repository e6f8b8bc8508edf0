using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Automation;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MonitorHub.Web.Features.Automation;

public sealed partial class ThresholdChart : ChartBase
{
    [Parameter, EditorRequired] public ThresholdCurve Curve { get; set; } = default!;

    protected override object? Source => Curve;

    protected override void Build()
    {
        var x = Curve.Points.Select(p => (object)p.Threshold).ToList();
        Data.Add(new Scatter
        {
            Name = "precision (model decides)", Mode = ModeFlag.Lines, X = x, Y = Curve.Points.Select(p => (object?)p.Precision).ToList()!,
            Line = new Line { Color = MonitorHubTheme.Chart.Ok },
        });
        Data.Add(new Scatter
        {
            Name = "share of traffic automated", Mode = ModeFlag.Lines, X = x, Y = Curve.Points.Select(p => (object)p.ShareAutomated).ToList(),
            Line = new Line { Color = MonitorHubTheme.Chart.Detection },
        });
        if (Curve.Suggested is { } tau)
        {
            Data.Add(new Scatter
            {
                Name = $"suggested τ = {tau:0.00}", Mode = ModeFlag.Lines, X = [tau, tau], Y = [0, 1],
                Line = new Line { Color = MonitorHubTheme.Chart.Alert, Dash = "dash" },
            });
        }

        ChartLayout.Themed(Layout, 300, new Plotly.Blazor.LayoutLib.Margin { L = 70, R = 20, T = 10, B = 50 });
        Layout.Legend = ChartLayout.HorizontalLegend(1.15m, 0);
        Layout.XAxis = [new Plotly.Blazor.LayoutLib.XAxis
        {
            GridColor = MonitorHubTheme.Chart.Grid, Range = [0, 1],
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "τ (score threshold, model decides at score ≥ τ)" },
        }];
        var share = ChartLayout.ValueAxis("precision / share (%)", [0, 1]);
        share.TickFormat = ".0%";
        Layout.YAxis = [share];
    }
}
