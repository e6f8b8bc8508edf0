using Microsoft.AspNetCore.Components;
using MonitorHub.Web.Components.Shared;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace MonitorHub.Web.Components.Charts;

/// <summary>
/// What every MonitorHub chart component shares: the Plotly config, the layout and trace list it
/// mutates, times plotted in the browser's zone, and drawing through <see cref="ChartUpdates"/> (so a
/// redraw in flight never holds up the circuit's disposal; see there).
/// <para>
/// A subclass renders a <see cref="ScatterChart"/> with <c>@ref="Chart" Config="Config" Layout="Layout"
/// Data="Data"</c> and either names its <see cref="Source"/> and <see cref="Build"/>s from it (drawn
/// after render, only when the source is another object: parent re-renders cost nothing), or leaves
/// <see cref="Source"/> null and draws itself with <see cref="RedrawAsync"/>.
/// </para>
/// </summary>
public abstract class ChartBase : ComponentBase, IDisposable
{
    private readonly ChartUpdates _updates = new();
    private object? _drawn;

    [Inject] protected BrowserTimeProvider Time { get; set; } = default!;

    protected ScatterChart? Chart { get; set; }

    protected Config Config { get; } = new() { Responsive = true, DisplayLogo = false };

    /// <summary>The chart holds references to this and <see cref="Data"/>: mutate them, then redraw.</summary>
    protected PlotlyLayout Layout { get; } = new();

    protected IList<ITrace> Data { get; } = new List<ITrace>();

    /// <summary>The data drawn; null while there is none (or when the subclass draws itself).</summary>
    protected virtual object? Source => null;

    /// <summary>Fills <see cref="Data"/> (cleared before) and <see cref="Layout"/> from <see cref="Source"/>.</summary>
    protected virtual void Build()
    {
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Every pass waits for the browser's zone: x values are local times, and a re-render arriving
        // while the first pass still waits must not draw in UTC meanwhile.
        await Time.WhenKnown;
        if (Chart is null || Source is not { } source || ReferenceEquals(source, _drawn)) return;
        _drawn = source;
        Data.Clear();
        Build();
        await RedrawAsync();
    }

    /// <summary>Sends the current <see cref="Data"/> and <see cref="Layout"/> to the browser.</summary>
    protected Task RedrawAsync() => Chart is null ? Task.CompletedTask : _updates.ReactAsync(Chart);

    protected Task AddTraceAsync(ITrace trace) => Chart is null ? Task.CompletedTask : _updates.AddTraceAsync(Chart, trace);

    public virtual void Dispose() => _updates.Dispose();
}
