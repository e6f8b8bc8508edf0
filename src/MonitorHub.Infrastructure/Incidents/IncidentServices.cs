using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Infrastructure.Incidents;

public static class IncidentServices
{
    /// <summary>Incidents: grouping alarms over the pipeline DAG as they change, and the store that reads and acts on them.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddSingleton<IncidentTracker>();
        services.AddSingleton<IncidentStore>();
        return services;
    }
}
