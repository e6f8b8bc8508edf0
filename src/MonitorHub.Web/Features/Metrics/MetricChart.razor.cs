using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MonitorHub.Web.Features.Metrics;

/// <summary>
/// Drawn by its page (<see cref="ShowAsync"/>, <see cref="PushAsync"/>) rather than from a parameter: the
/// page serialises full redraws and live pushes behind one gate, which a redraw after render would escape.
/// </summary>
public sealed partial class MetricChart : ChartBase
{
    private readonly List<TagSet> _traceTags = [];
    private MetricDefinition? _definition;

    [Parameter, EditorRequired] public string Id { get; set; } = "";

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>A detector's detection (or warning), drawn as a dotted vertical line.</summary>
    public sealed record Detection(DateTimeOffset At, bool Warning);

    /// <summary>Something that happened to what the metric measures (a deployment's weight change or
    /// decision, a timeline event): a vertical line with a short label above the plot and the full story on hover.</summary>
    /// <param name="Dash">Plotly's dash style: deployments "dash", timeline events "dot".</param>
    public sealed record Marker(DateTimeOffset At, string Label, string Hover, string Color, string Dash = "dash");

    /// <summary>Replaces everything drawn: one trace per series of <paramref name="result"/>.</summary>
    public Task ShowAsync(
        SeriesQueryResult result, MetricDefinition definition, Aggregation aggregation, IEnumerable<Detection> detections, IReadOnlyList<Marker>? markers = null)
    {
        markers ??= [];
        _definition = definition;
        _traceTags.Clear();
        Data.Clear();
        foreach (var series in result.Series)
        {
            _traceTags.Add(series.Tags);
            Data.Add(Trace(series.Tags, series.Points));
        }

        ChartLayout.Apply(Layout, definition, aggregation, Time, result.Plan);
        // Shapes, not traces, so live updates (which address traces by index) are unaffected.
        Layout.Shapes = [.. detections.Select(d => new Shape
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, X0 = Time.PlotX(d.At), X1 = Time.PlotX(d.At), Y0 = 0, Y1 = 1, YRef = "paper",
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = d.Warning ? MonitorHubTheme.Chart.Warning : MonitorHubTheme.Chart.Detection, Dash = "dot", Width = 1.5m },
        }), .. markers.Select(m => new Shape
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, X0 = Time.PlotX(m.At), X1 = Time.PlotX(m.At), Y0 = 0, Y1 = 1, YRef = "paper",
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = m.Color, Dash = m.Dash, Width = 1.5m },
        })];
        // Labels alternate between two rows: a weight step and a rollback seconds apart would otherwise overprint.
        Layout.Annotations = [.. markers.Select((m, i) => new Annotation
        {
            X = Time.PlotX(m.At), Y = i % 2 == 0 ? 1 : 1.07, YRef = "paper", YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom, ShowArrow = false,
            Text = m.Label, HoverText = m.Hover, Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = m.Color, Size = 10 },
        })];
        if (markers.Count > 0) Layout.Margin!.T = 50;
        return RedrawAsync();
    }

    /// <summary>
    /// Live mode: the re-read buckets of the series samples just touched, pushed into their traces (a
    /// series seen for the first time gets a new trace); points before <paramref name="windowStart"/> drop off.
    /// </summary>
    public async Task PushAsync(SeriesQueryResult fresh, IReadOnlySet<TagSet> touched, DateTimeOffset windowStart)
    {
        var updates = new List<ChartUpdate>();
        foreach (var series in fresh.Series)
        {
            if (series.Points.Count == 0 || !touched.Contains(series.Tags)) continue;
            var trace = _traceTags.IndexOf(series.Tags);
            if (trace < 0)
            {
                _traceTags.Add(series.Tags);
                trace = _traceTags.Count - 1;
                await AddTraceAsync(Trace(series.Tags, []));
            }

            foreach (var point in series.Points) updates.Add(new ChartUpdate(trace, Time.PlotX(point.T), point.V));
        }

        if (updates.Count > 0)
            await JS.InvokeVoidAsync("monitorhub.chart.upsert", Id, updates, Time.PlotX(windowStart), Time.PlotX(Time.GetUtcNow()));
    }

    private Scatter Trace(TagSet tags, IReadOnlyList<SeriesPoint> points) => new()
    {
        Name = tags.Count == 0 ? _definition!.DisplayName : tags.Key,
        // Sparse series get markers so isolated points and gaps stay visible.
        Mode = points.Count < 60 ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
        X = points.Select(p => (object)Time.PlotX(p.T)).ToList(),
        Y = points.Select(p => (object)p.V).ToList(),
    };

    internal sealed record ChartUpdate(int Trace, string X, double Y);
}
