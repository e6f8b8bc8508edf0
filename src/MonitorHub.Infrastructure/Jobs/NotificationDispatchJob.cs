using Hangfire;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>Recurring: groups alarm changes per channel and rule and queues what is due.</summary>
public sealed class NotificationDispatchJob(NotificationService notifications)
{
    public const string RecurringJobId = "dispatch-notifications";
    public const string RelayJobId = "relay-notifications";

    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => notifications.DispatchAsync(cancellationToken);
}
