using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Deployments;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Deployments;

namespace MonitorHub.Web.Tests.Components;

/// <summary>The layout cascades the browser's zone; a component that only formats times is drawn again
/// when the zone arrives, though nothing else about it changed.</summary>
public sealed class BrowserZoneTests : ComponentTestContext
{
    private static readonly DeploymentDecision Decision =
        new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), DeploymentState.Pending, DeploymentState.Progressing, 10, 0, "eddie", "start");

    /// <summary>Like a routed page: no parameters, so the layout's new render does not reach it.</summary>
    private sealed class Page : ComponentBase
    {
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenComponent<DecisionTimeline>(0);
            builder.AddComponentParameter(1, "Decisions", (IReadOnlyList<DeploymentDecision>)[Decision]);
            builder.CloseComponent();
        }
    }

    [Fact]
    public void TimesDrawnInUtc_AreDrawnAgainInTheBrowsersZone_WhenTheCascadeChanges()
    {
        var host = Render<CascadingValue<string>>(p => p.Add(c => c.Name, BrowserZone.CascadeName).Add(c => c.Value, "UTC").AddChildContent<Page>());
        Assert.Contains("2026-11-30 09:00:00", host.Find("[data-testid=decisions]").TextContent, StringComparison.Ordinal);

        var time = Services.GetRequiredService<BrowserTimeProvider>();
        time.SetBrowserTimeZone("Asia/Kolkata");
        // What the layout does when the zone arrives: only the cascaded name changes.
        host.Render(p => p.Add(c => c.Name, BrowserZone.CascadeName).Add(c => c.Value, time.DisplayName).AddChildContent<Page>());

        host.WaitForAssertion(() => Assert.Contains("2026-11-30 14:30:00", host.Find("[data-testid=decisions]").TextContent, StringComparison.Ordinal));
    }
}
