using Hangfire;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>Runs every drift monitor whose next run is due; a monitor's interval decides how often it runs.</summary>
public sealed class DriftMonitorJob(DriftStore store, DriftRunner runner)
{
    public const string RecurringJobId = "run-drift-monitors";
    public const string Cron = "* * * * *";

    [Queue(JobQueues.Default)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueMonitorsAsync(cancellationToken);
        foreach (var id in due) await runner.RunAsync(id, cancellationToken);
        return due.Count;
    }
}

/// <summary>Feeds the streaming detectors what arrived since their last pass.</summary>
public sealed class DetectorJob(DetectorService detectors)
{
    public const string RecurringJobId = "run-detectors";
    public const string Cron = "*/30 * * * * *";

    [Queue(JobQueues.Default)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => detectors.RunAllAsync(cancellationToken);
}
