using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Drift;

namespace MonitorHub.Web.Tests.Components.Charts;

/// <summary>The chart base, through <see cref="TimeChart"/>: Plotly's own module is faked, its calls counted.</summary>
public sealed class ChartBaseTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Chart_WaitsForTheBrowserZone_ThenRedrawsOnlyWhenItsDataChanges()
    {
        var plotly = JSInterop.SetupModule("./_content/Plotly.Blazor/plotly-interop-7.2.0.js");
        plotly.Mode = JSRuntimeMode.Loose;
        var time = Services.GetRequiredService<BrowserTimeProvider>();
        IReadOnlyList<TimeChart.Line> first = [new("share", [(At, 0.5)])];

        var chart = Render<TimeChart>(p => p.Add(c => c.Id, "t").Add(c => c.Lines, first));
        Assert.Empty(plotly.Invocations["react"]);

        // As BrowserTimeZone does, on the renderer's context: the waiting chart draws then and there.
        await chart.InvokeAsync(() => time.SetBrowserTimeZone("Asia/Tokyo"));
        Assert.Single(plotly.Invocations["react"]);

        chart.Render(p => p.Add(c => c.Lines, first));
        Assert.Single(plotly.Invocations["react"]);

        chart.Render(p => p.Add(c => c.Lines, [new("share", [(At, 0.7)])]));
        Assert.Equal(2, plotly.Invocations["react"].Count);
    }
}
