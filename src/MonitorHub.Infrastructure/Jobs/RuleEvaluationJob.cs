using Hangfire;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>The recurring Hangfire job that evaluates due rules. Hangfire never runs it twice at
/// once; a run that finds nothing due is a no-op, so extra runs are harmless.</summary>
public sealed class RuleEvaluationJob(RuleEvaluationService evaluator)
{
    public const string RecurringJobId = "evaluate-rules";

    /// <summary>Every 10 seconds, the smallest evaluation interval a rule may have.</summary>
    public const string Cron = "*/10 * * * * *";

    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunDueAsync(CancellationToken cancellationToken) => evaluator.RunDueAsync(cancellationToken);
}
