using Hangfire;
using Hangfire.Storage.SQLite;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// Hangfire holds scheduling state only; anything that must not be lost lives in MonitorHub's own
/// tables first, so the job storage can be SQLite (default), in-memory (tests) or, later, PostgreSQL.
/// </summary>
public static class JobsSetup
{
    public const string StorageKey = "MonitorHub:Jobs:Storage";

    public static IServiceCollection AddMonitorHubJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration[StorageKey] ?? "SQLite";
        if (!storage.Equals("SQLite", StringComparison.OrdinalIgnoreCase) && !storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{StorageKey} must be 'SQLite' or 'InMemory', not '{storage}'.");
        }

        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase))
            {
                config.UseInMemoryStorage();
            }
            else
            {
                var paths = sp.GetRequiredService<DataPaths>();
                Directory.CreateDirectory(paths.DataDirectory);
                config.UseSQLiteStorage(paths.HangfireFile, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(5) });
            }
        });
        services.AddHangfireServer(o => o.WorkerCount = 2);
        return services;
    }

    public static void ScheduleMonitorHubJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
    }
}
