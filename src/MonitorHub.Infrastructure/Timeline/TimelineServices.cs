using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Infrastructure.Timeline;

public static class TimelineServices
{
    /// <summary>The merged history of everything that happened (read-only: it reads the other features' tables).</summary>
    public static IServiceCollection AddTimeline(this IServiceCollection services) => services.AddSingleton<TimelineService>();
}
