using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Drift;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.Traces;

namespace MonitorHub.Web.Features.Drift;

public sealed partial class DriftOverlayChart : ChartBase
{
    /// <summary>More bars than this are unreadable; the rarest categories (on both sides) are left out.</summary>
    public const int MaxCategories = 40;

    private int _hiddenCategories;

    [Parameter, EditorRequired] public string Column { get; set; } = "";

    /// <summary>Exactly one of <see cref="Histogram"/> and <see cref="Bars"/> is set.</summary>
    [Parameter] public NumericHistogram? Histogram { get; set; }

    [Parameter] public CategoryBars? Bars { get; set; }

    // Redrawn only when another column's data arrived, not on every parent render.
    protected override object? Source => (object?)Histogram ?? Bars;

    protected override void Build()
    {
        var histogram = Source is NumericHistogram h ? h : null;
        var hidden = 0;
        if (histogram is not null) AddHistogram(histogram);
        else hidden = AddCategories((CategoryBars)Source!);

        ChartLayout.Themed(Layout, 340, new Plotly.Blazor.LayoutLib.Margin { L = 70, R = 20, T = 10, B = 60 });
        Layout.Legend = ChartLayout.HorizontalLegend(1.12m, 0);
        Layout.BarMode = histogram is not null ? Plotly.Blazor.LayoutLib.BarModeEnum.Overlay : Plotly.Blazor.LayoutLib.BarModeEnum.Group;
        Layout.XAxis = [new Plotly.Blazor.LayoutLib.XAxis
        {
            GridColor = MonitorHubTheme.Chart.Grid,
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = histogram is not null ? $"{Column} (value)" : $"{Column} (category)" },
        }];
        var shares = ChartLayout.ValueAxis("share of values");
        shares.TickFormat = ".0%";
        shares.RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero;
        Layout.YAxis = [shares];
        if (hidden != _hiddenCategories)
        {
            _hiddenCategories = hidden;
            StateHasChanged();
        }
    }

    private void AddHistogram(NumericHistogram h)
    {
        var centers = new List<object>();
        var widths = new List<decimal?>();
        for (var i = 0; i + 1 < h.Edges.Length; i++)
        {
            centers.Add((h.Edges[i] + h.Edges[i + 1]) / 2);
            widths.Add((decimal)(h.Edges[i + 1] - h.Edges[i]));
        }

        Data.Add(Bar("reference", centers, Shares(h.ReferenceCounts), widths, MonitorHubTheme.Chart.Reference));
        Data.Add(Bar("current", centers, Shares(h.CurrentCounts), widths, MonitorHubTheme.Chart.Current));
    }

    private int AddCategories(CategoryBars bars)
    {
        var (refShares, curShares) = (Shares(bars.ReferenceCounts), Shares(bars.CurrentCounts));
        var shown = Enumerable.Range(0, bars.Categories.Length)
            .OrderByDescending(i => Math.Max((double)refShares[i], (double)curShares[i]))
            .Take(MaxCategories)
            .Order()
            .ToList();
        var x = shown.Select(i => (object)bars.Categories[i]).ToList();
        Data.Add(Bar("reference", x, [.. shown.Select(i => refShares[i])], null, MonitorHubTheme.Chart.Reference));
        Data.Add(Bar("current", x, [.. shown.Select(i => curShares[i])], null, MonitorHubTheme.Chart.Current));
        return bars.Categories.Length - shown.Count;
    }

    private static Bar Bar(string name, IList<object> x, IList<object> y, IList<decimal?>? widths, string color) => new()
    {
        Name = name, X = x, Y = y, WidthArray = widths, Opacity = widths is null ? 0.9m : 0.55m,
        Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = color },
        HoverTemplate = name + ": %{y:.1%}<extra></extra>",
    };

    /// <summary>Counts as fractions of the side's total; an empty side draws as zeros rather than NaN.</summary>
    private static List<object> Shares(long[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => (object)(total == 0 ? 0.0 : c / (double)total))];
    }
}
