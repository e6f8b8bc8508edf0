using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Interop.Otlp;
using MonitorHub.Infrastructure.Interop.Prometheus;

namespace MonitorHub.Infrastructure.Interop;

public static class InteropServices
{
    /// <summary>The OTLP and remote-write mappers. Singletons: the OTLP one holds the last point of every
    /// cumulative series, which must outlive a request.</summary>
    public static IServiceCollection AddInterop(this IServiceCollection services)
    {
        services.AddSingleton<OtlpMetricsMapper>();
        services.AddSingleton<RemoteWriteMapper>();
        return services;
    }
}
