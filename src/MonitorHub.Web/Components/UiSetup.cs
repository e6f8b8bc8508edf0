using MonitorHub.Web.Components.Charts;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Alarms;
using MudBlazor.Services;

namespace MonitorHub.Web.Components;

public static class UiSetup
{
    /// <summary>The Blazor Server UI: MudBlazor, per-circuit services and the interactive render mode.</summary>
    public static IServiceCollection AddMonitorHubUi(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddScoped<BrowserTimeProvider>();
        services.AddScoped<AlarmActions>();
        services.AddSingleton<Features.Deployments.DeploymentMarkers>();
        services.AddSingleton<Features.Timeline.ChartEvents>();
        // No JS interop call made without a token may wait longer than 10 s on a browser that went away
        // (the default is a minute, twice the host's shutdown timeout): a circuit whose disposal waits on
        // such a call holds up Kestrel's stop. Chart calls have their own limit (ScatterChart, ChartUpdates).
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.JSInteropDefaultCallTimeout = ChartUpdates.Limit);
        return services;
    }
}
