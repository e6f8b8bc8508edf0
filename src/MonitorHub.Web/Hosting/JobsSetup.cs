using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// Hangfire holds scheduling state only; anything that must not be lost lives in MonitorHub's own
/// tables first, so the job storage can be SQLite (default), in-memory (tests) or PostgreSQL (with
/// the PostgreSQL provider: several nodes share one job store).
/// </summary>
public static class JobsSetup
{
    public const string StorageKey = "MonitorHub:Jobs:Storage";
    public const string RunRecurringKey = "MonitorHub:Jobs:RunRecurring";
    private const string DatabaseProviderKey = "MonitorHub:Database:Provider";

    /// <summary>The PostgreSQL schema holding Hangfire's tables, apart from MonitorHub's.</summary>
    public const string HangfireSchema = "hangfire";

    public static IServiceCollection AddMonitorHubJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // Hangfire follows the store's provider unless told otherwise: on PostgreSQL its tables share
        // the database (schema "hangfire"), so every node sees the same queues and recurring jobs.
        var provider = configuration.GetValue(DatabaseProviderKey, DatabaseProvider.Sqlite);
        var storage = configuration[StorageKey] ?? (provider == DatabaseProvider.PostgreSQL ? "PostgreSQL" : "SQLite");
        if (!storage.Equals("SQLite", StringComparison.OrdinalIgnoreCase) && !storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase)
            && !storage.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{StorageKey} must be 'SQLite', 'PostgreSQL' or 'InMemory', not '{storage}'.");
        }

        if (storage.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) && provider != DatabaseProvider.PostgreSQL)
        {
            throw new InvalidOperationException($"{StorageKey} PostgreSQL keeps Hangfire in MonitorHub's database: it needs {DatabaseProviderKey} PostgreSQL.");
        }

        // Each host owns its storage instance, registered before AddHangfire (which only adds one if
        // none exists and would otherwise hand out the static JobStorage.Current — whichever host
        // configured Hangfire last, possibly already disposed, when several share a test process).
        services.AddSingleton<JobStorage>(sp =>
        {
            if (storage.Equals("InMemory", StringComparison.OrdinalIgnoreCase)) return new Hangfire.InMemory.InMemoryStorage();
            if (storage.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)) return PostgreSqlJobStorage(sp);
            var paths = sp.GetRequiredService<DataPaths>();
            Directory.CreateDirectory(paths.DataDirectory);
            return new SQLiteStorage(paths.HangfireFile, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        });
        services.AddHangfire((sp, config) =>
        {
            config.UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(sp.GetRequiredService<JobStorage>());
        });
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>()));

        // One server per queue, so no queue can take another's workers (see JobQueues). Recurring jobs
        // are checked every second and queues polled every second (a cheap indexed query on the job
        // store) so the 10-second rule cycle keeps its pace: with 2 s and 5 s a rule's evaluation
        // started up to 7 s late (benchmark `soak`). Jobs are activated from this
        // host's own container: Hangfire's static JobActivator.Current would otherwise be whichever host
        // configured Hangfire last in the process.
        AddServer(services, JobQueues.Alerting, workers: 2, schedules: true);
        AddServer(services, JobQueues.Deliveries, workers: 4, schedules: false);
        AddServer(services, JobQueues.Default, workers: 2, schedules: false);
        return services;
    }

    /// <summary>
    /// Hangfire.PostgreSql on MonitorHub's own database. Its distributed locks make the recurring-job
    /// scheduler fire each job once per interval however many nodes run servers; its schema is
    /// created (under its own lock) by the first node that starts. Queues are polled every second, as
    /// on SQLite, so the 10-second rule cycle keeps its pace.
    /// </summary>
    private static PostgreSqlStorage PostgreSqlJobStorage(IServiceProvider sp)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // Hangfire's own locks (the recurring-job scheduler's) are held for milliseconds; one left
            // by a killed node is taken over after a minute rather than the default ten. Jobs' own
            // locks are advisory locks, freed when their node dies (JobLocks).
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        var connectionString = sp.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Database.ConnectionString;
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        JobLocks.UseAdvisoryLocks(storage, connectionString!);
        return storage;
    }

    private static void AddServer(IServiceCollection services, string queue, int workers, bool schedules) =>
        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = $"{Environment.MachineName}:{queue}:{Guid.NewGuid():N}";
            o.Queues = [queue];
            o.WorkerCount = workers;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            // Failed runs are counted by this host's own filter, next to Hangfire's global ones.
            o.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers,
                new JobFilterCollection { new MonitorHub.Web.Features.Ops.JobFailureMetricsFilter(sp.GetRequiredService<MonitorHub.Infrastructure.Observability.ServiceMetrics>()) });
            // Hangfire's own timeouts stay inside the host's shutdown timeout (30 s by default), so a
            // stop never waits on Hangfire past it; jobs see their token cancelled at once.
            o.StopTimeout = TimeSpan.Zero;
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            if (!schedules) o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
        });

    /// <summary>
    /// Registers the recurring jobs. With <c>MonitorHub:Jobs:RunRecurring</c> = false they are registered
    /// without a schedule and run only when triggered (Hangfire dashboard, or a test): API tests that
    /// drive a job themselves would otherwise race the same job firing on its own every 10 seconds.
    /// </summary>
    public static void ScheduleMonitorHubJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var automatic = services.GetRequiredService<IConfiguration>().GetValue(RunRecurringKey, true);
        string When(string cron) => automatic ? cron : Cron.Never();
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), When(Cron.Hourly()));
        jobs.AddOrUpdate<RuleEvaluationJob>(RuleEvaluationJob.RecurringJobId, j => j.RunDueAsync(CancellationToken.None), When(RuleEvaluationJob.Cron));
        jobs.AddOrUpdate<NotificationDispatchJob>(NotificationDispatchJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), When(RuleEvaluationJob.Cron));
        jobs.AddOrUpdate<NotificationDelivery>(NotificationDispatchJob.RelayJobId, d => d.RelayAsync(CancellationToken.None), When(Cron.Minutely()));
        jobs.AddOrUpdate<DriftMonitorJob>(DriftMonitorJob.RecurringJobId, j => j.RunDueAsync(CancellationToken.None), When(DriftMonitorJob.Cron));
        jobs.AddOrUpdate<DetectorJob>(DetectorJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), When(DetectorJob.Cron));
        jobs.AddOrUpdate<DeploymentJob>(DeploymentJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), When(DeploymentJob.Cron));
        jobs.AddOrUpdate<JobCheckJob>(JobCheckJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), When(JobCheckJob.Cron));
    }
}
