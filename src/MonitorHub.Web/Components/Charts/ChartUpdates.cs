using Microsoft.JSInterop;
using Plotly.Blazor;

namespace MonitorHub.Web.Components.Charts;

/// <summary>
/// The one way our components push data into a Plotly chart. Plotly.Blazor runs every call to a chart
/// behind a lock that its own disposal also takes, and a call made with its default token never times
/// out: a redraw still in flight when the browser navigates away would hold that lock forever, so the
/// circuit never finishes disposing (and host shutdown waits on it). Updates made here are cancelled
/// when the owning component is disposed, and give up after <see cref="Limit"/> in any case.
/// </summary>
public sealed class ChartUpdates : IDisposable
{
    /// <summary>Also the circuits' default JS interop timeout (Program.cs): well inside the host's shutdown timeout.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _gone = new();

    public Task ReactAsync(PlotlyChart chart) => RunAsync(chart.React);

    /// <summary>A trace added to a drawn chart (a live series that just appeared), with the same limits as a redraw.</summary>
    public Task AddTraceAsync(PlotlyChart chart, ITrace trace) => RunAsync(token => chart.AddTrace(trace, null, token));

    private async Task RunAsync(Func<CancellationToken, Task> call)
    {
        if (_gone.IsCancellationRequested) return;
        using var limited = CancellationTokenSource.CreateLinkedTokenSource(_gone.Token);
        limited.CancelAfter(Limit);
        try
        {
            await call(limited.Token);
        }
        catch (OperationCanceledException) when (limited.IsCancellationRequested)
        {
            // The component went away (or the browser stopped answering): nothing left to draw on.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public void Dispose() => _gone.Cancel();
}
