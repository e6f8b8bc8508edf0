namespace MonitorHub.Infrastructure.Jobs;

/// <summary>
/// Hangfire queues, each served by its own workers: alerting (rule evaluation, notification dispatch,
/// the outbox relay) must keep its pace whatever else is slow, deliveries wait on receivers that may
/// hang, and the rest (drift, detectors, retention) may take long. A shared pool of two workers let a
/// black-holed webhook or a burst of test sends stop alarms from being evaluated.
/// </summary>
public static class JobQueues
{
    public const string Alerting = "alerting";
    public const string Deliveries = "deliveries";
    public const string Default = "default";
}
