using Plotly.Blazor;

namespace MonitorHub.Web.Components.Shared;

/// <summary>
/// The Plotly chart every MonitorHub page uses. All our charts are scatter traces (lines, markers,
/// filled bands), which plotly.js's basic bundle draws; it is 1.1 MB against the full bundle's 4.8 MB,
/// and parsing the full one held every chart back 3–5 s after a page became interactive (measured in
/// headless Chromium here: the chart appeared ~4.4 s after navigation with the full bundle, ~1.3 s with
/// this one). Every chart on a page must load the same bundle, so none may use PlotlyChart directly.
/// </summary>
public class ScatterChart : PlotlyChart
{
    public ScatterChart() => UseBasicVersion = true;
}
