using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Jobs;

namespace MonitorHub.Infrastructure.BatchJobs;

public static class BatchJobServices
{
    /// <summary>Batch jobs, their runs and the recurring dead man's switch check.</summary>
    public static IServiceCollection AddBatchJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobCheckService>();
        services.AddSingleton<JobAlarmRules>();
        services.AddTransient<JobCheckJob>();
        return services;
    }
}
