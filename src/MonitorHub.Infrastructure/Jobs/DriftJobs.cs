using Hangfire;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>Runs every drift monitor whose next run is due; a monitor's interval decides how often it runs.</summary>
public sealed partial class DriftMonitorJob(DriftStore store, DriftRunner runner, ILogger<DriftMonitorJob> logger)
{
    public const string RecurringJobId = "run-drift-monitors";
    public const string Cron = "* * * * *";

    [Queue(JobQueues.Default)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueMonitorsAsync(cancellationToken);
        foreach (var id in due)
        {
            try
            {
                var run = await runner.RunAsync(id, cancellationToken);
                if (run is null) continue;
                if (run.Error is { } error) LogRunError(id, error);
                else LogRan(id, run.Rows, run.Drifted, run.Tested, run.DatasetDrift);
            }
#pragma warning disable CA1031 // One broken monitor must not stop the others from running; it is logged and retried next interval.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogFailed(ex, id);
            }
        }

        return due.Count;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Drift monitor {MonitorId} compared {Rows} row(s): {Drifted} of {Tested} feature(s) drifted; dataset drift {DatasetDrift}")]
    private partial void LogRan(int monitorId, int rows, int drifted, int tested, bool datasetDrift);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Drift monitor {MonitorId} could not compare: {Error}")]
    private partial void LogRunError(int monitorId, string error);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Drift monitor {MonitorId} failed; it runs again at its next interval")]
    private partial void LogFailed(Exception exception, int monitorId);
}

/// <summary>Feeds the streaming detectors what arrived since their last pass.</summary>
public sealed partial class DetectorJob(DetectorService detectors, ILogger<DetectorJob> logger)
{
    public const string RecurringJobId = "run-detectors";
    public const string Cron = "*/30 * * * * *";

    [Queue(JobQueues.Default)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        JobRun.LoggingFailureAsync(
            async () =>
            {
                var signals = await detectors.RunAllAsync(cancellationToken);
                if (signals > 0) LogSignals(signals);
                return signals;
            },
            LogFailed);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Streaming detectors raised {Signals} new signal(s)")]
    private partial void LogSignals(int signals);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Running the streaming detectors failed; they resume from their cursors next time")]
    private partial void LogFailed(Exception exception);
}
