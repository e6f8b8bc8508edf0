using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.FailureModes;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.Catalogue;

public static class CatalogueServices
{
    /// <summary>Metric definitions and systems, their version history, and the failure modes teams brainstorm on them.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<VersionStore>();
        services.AddSingleton<FailureModeStore>();
        return services;
    }
}
