using Hangfire;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.BatchJobs;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>The recurring check that turns scheduled batch jobs' lateness into metrics; on the alerting
/// queue because a missed run must alarm on time, and cheap (see <see cref="JobCheckService"/>).</summary>
public sealed partial class JobCheckJob(JobCheckService check, ILogger<JobCheckJob> logger)
{
    public const string RecurringJobId = "check-batch-jobs";

    /// <summary>Every 30 seconds: a missed run shows within half a minute of its deadline.</summary>
    public const string Cron = "*/30 * * * * *";

    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        JobRun.LoggingFailureAsync(() => check.RunAsync(cancellationToken), LogFailed);

    [LoggerMessage(EventId = 8300, Level = LogLevel.Error, Message = "Checking batch jobs' schedules failed; missed runs are looked for again in a minute")]
    private partial void LogFailed(Exception exception);
}
