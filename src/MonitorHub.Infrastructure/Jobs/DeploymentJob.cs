using Hangfire;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>The recurring job that moves rollouts along. A tick with nothing due changes nothing, so
/// extra runs are harmless; Hangfire never runs it twice at once.</summary>
public sealed partial class DeploymentJob(DeploymentController controller, ILogger<DeploymentJob> logger)
{
    public const string RecurringJobId = "advance-deployments";

    /// <summary>Every 15 seconds: steps are timed in seconds, analyses in minutes.</summary>
    public const string Cron = "*/15 * * * * *";

    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    // On the alerting queue: an automatic rollback is as urgent as an alarm.
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        JobRun.LoggingFailureAsync(() => controller.RunAsync(cancellationToken), LogFailed);

    [LoggerMessage(EventId = 8000, Level = LogLevel.Error, Message = "Advancing deployments failed; rollouts are tried again on the next tick")]
    private partial void LogFailed(Exception exception);
}
