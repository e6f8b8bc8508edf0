using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MonitorHub.Web.Components.Shared;
using MudBlazor.Services;

namespace MonitorHub.Web.Tests.Support;

/// <summary>bUnit context with MudBlazor's services and loose JS interop.</summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        Services.AddMudServices();
        Services.TryAddSingleton(TimeProvider.System);
        // Unknown until a test plays the browser's part (BrowserTimeZone, or SetBrowserTimeZone), as in a fresh circuit.
        Services.AddScoped<BrowserTimeProvider>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
