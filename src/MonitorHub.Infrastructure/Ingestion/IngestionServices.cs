using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Ingestion;

public static class IngestionServices
{
    /// <summary>The single writer (also a hosted service), the live feed it publishes to, the query
    /// side that reads what it stored, and the retention job that trims it.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<IngestionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionWriter>());
        services.AddSingleton<SeriesQueryService>();
        services.AddTransient<RetentionJob>();
        return services;
    }
}
