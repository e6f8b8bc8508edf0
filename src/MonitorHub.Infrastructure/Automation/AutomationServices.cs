using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Infrastructure.Automation;

public static class AutomationServices
{
    /// <summary>Degrees of automation: the store, the route's in-memory cache and the demotion on critical alarms.</summary>
    public static IServiceCollection AddAutomation(this IServiceCollection services)
    {
        services.AddSingleton<AutomationCache>();
        services.AddSingleton<AutomationStore>();
        services.AddSingleton<AutomationDemotion>();
        services.AddHostedService(sp => sp.GetRequiredService<AutomationDemotion>());
        return services;
    }
}
