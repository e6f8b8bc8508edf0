using Microsoft.Extensions.Logging;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.BatchJobs;

/// <summary>
/// The dead man's switch of every scheduled job, as a metric: each minute <c>job.&lt;name&gt;.overdue_minutes</c>
/// (0 while on time) is written for each scheduled job, so the ordinary rule engine alarms on a missed
/// run. One indexed read of the scheduled jobs and one batch to the writer per component: cheap enough
/// for the alerting queue.
/// </summary>
public sealed partial class JobCheckService(JobStore store, IngestionWriter writer, TimeProvider clock, ILogger<JobCheckService> logger)
{
    /// <returns>How many scheduled jobs are overdue.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = await store.ScheduledAsync(cancellationToken);
        if (jobs.Count == 0) return 0;
        var now = clock.GetUtcNow();
        foreach (var group in jobs.GroupBy(j => (j.SystemId, j.ComponentId)))
        {
            List<MetricSample> samples = [.. group.Select(j => new MetricSample(JobMetricKeys.Overdue(j.Name), Math.Round(j.Health.OverdueMinutes, 2), now, TagSet.Empty))];
            if (writer.TryEnqueue(samples, out var committed, group.Key.SystemId, component: group.Key.ComponentId) == EnqueueResult.QueueFull)
            {
                LogQueueFull(samples.Count);
                continue;
            }

            await committed;
        }

        var late = jobs.Count(j => j.Health.OverdueMinutes > 0);
        if (late > 0) LogLate(late);
        return late;
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "The writer queue is full; {Count} job staleness samples wait for the next check")]
    private partial void LogQueueFull(int count);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "{Count} scheduled batch job(s) are overdue")]
    private partial void LogLate(int count);
}
