using Hangfire;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>The recurring Hangfire job that evaluates due rules. Hangfire never runs it twice at
/// once; a run that finds nothing due is a no-op, so extra runs are harmless.</summary>
public sealed partial class RuleEvaluationJob(RuleEvaluationService evaluator, ILogger<RuleEvaluationJob> logger)
{
    public const string RecurringJobId = "evaluate-rules";

    /// <summary>Every 10 seconds, the smallest evaluation interval a rule may have.</summary>
    public const string Cron = "*/10 * * * * *";

    [Queue(JobQueues.Alerting)]
    [SkipWhenRunning]
    [AutomaticRetry(Attempts = 0)]
    // Logged with its own id: alarms not being evaluated is what an operator must see first.
    public Task<int> RunDueAsync(CancellationToken cancellationToken) =>
        JobRun.LoggingFailureAsync(() => evaluator.RunDueAsync(cancellationToken), LogFailed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Evaluating rules failed; due rules are tried again on the next tick")]
    private partial void LogFailed(Exception exception);
}
