using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Jobs;

namespace MonitorHub.Infrastructure.Drift;

public static class DriftServices
{
    /// <summary>Models and their prediction logs and labels, drift references and monitors, streaming detectors.</summary>
    public static IServiceCollection AddDrift(this IServiceCollection services)
    {
        services.AddSingleton<ModelStore>();
        services.AddSingleton<PredictionIngestion>();
        services.AddSingleton<LabelIngestion>();
        services.AddSingleton<PredictionReader>();
        services.AddSingleton<DriftStore>();
        services.AddSingleton<DriftRunner>();
        services.AddTransient<DriftMonitorJob>();
        services.AddSingleton<DetectorService>();
        services.AddTransient<DetectorJob>();
        return services;
    }
}
