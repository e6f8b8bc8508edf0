using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Web.Components.Shared;
using MudBlazor.Services;

namespace MonitorHub.Web.Tests.Support;

/// <summary>bUnit context with MudBlazor's services and loose JS interop.</summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        Services.AddMudServices();
        Services.AddScoped<UserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
