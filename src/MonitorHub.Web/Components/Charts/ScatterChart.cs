using Microsoft.JSInterop;
using Plotly.Blazor;

namespace MonitorHub.Web.Components.Charts;

/// <summary>
/// The Plotly chart every MonitorHub page uses.
/// <para>
/// All our charts are scatter traces (lines, markers, filled bands), which plotly.js's basic bundle
/// draws; it is 1.1 MB against the full bundle's 4.8 MB, and parsing the full one held every chart back
/// 3–5 s after a page became interactive (measured in headless Chromium here: the chart appeared ~4.4 s
/// after navigation with the full bundle, ~1.3 s with this one). Every chart on a page must load the
/// same bundle, so none may use PlotlyChart directly.
/// </para>
/// <para>
/// PlotlyChart draws itself after its first render with a JS call that has no token, behind a lock its
/// disposal also takes. When the tab closed during that draw, the call waited forever for the browser,
/// the circuit's disposal waited for the lock, and Kestrel's stop waited for the circuit: a graceful
/// shutdown hung (seen as E2E fixtures failing to dispose). Here the first draw is cancelled when the
/// chart is disposed and gives up after <see cref="ChartUpdates.Limit"/>; later redraws go through
/// <see cref="ChartUpdates"/>, which does the same.
/// </para>
/// </summary>
public class ScatterChart : PlotlyChart, IAsyncDisposable
{
    private readonly CancellationTokenSource _gone = new();

    public ScatterChart() => UseBasicVersion = true;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            await base.OnAfterRenderAsync(firstRender);
            return;
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(_gone.Token);
        call.CancelAfter(ChartUpdates.Limit);
        try
        {
            await NewPlot(call.Token);
            AfterRender?.Invoke();
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested)
        {
            // Disposed, or the browser stopped answering: there is nothing left to draw on.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        // First release the lock a draw in flight holds, then let Plotly.Blazor dispose its interop.
        await _gone.CancelAsync();
        await DisposeAsync();
        _gone.Dispose();
        GC.SuppressFinalize(this);
    }
}
