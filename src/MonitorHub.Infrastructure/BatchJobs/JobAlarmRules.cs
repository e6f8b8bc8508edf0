using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.BatchJobs;

/// <summary>A job's alarm rules: ordinary rules on its metrics, found by metric key and created from <see cref="JobAlarms"/>.</summary>
public sealed class JobAlarmRules(AlarmStore alarms, JobStore jobs)
{
    /// <summary>
    /// Saves a definition and, when it has a schedule and <paramref name="createRules"/>, the rules it needs
    /// (the API's PUT and the job page both save through here).
    /// </summary>
    public async Task<StoreResult<JobView>> SaveAsync(BatchJob job, string actor, string? reason, bool createRules, CancellationToken cancellationToken = default)
    {
        var saved = await jobs.SaveAsync(job, actor, reason, cancellationToken);
        if (!saved.IsOk || !createRules || !saved.Value.Job.Schedule.IsSet) return saved;
        var created = await EnsureAsync(saved.Value.Job, actor, cancellationToken);
        return created.IsOk ? saved : StoreResult<JobView>.Invalid(created.Issues);
    }

    /// <summary>The rules watching any of the job's metrics (its dead man's switch, failures, and any the team added).</summary>
    public async Task<IReadOnlyList<AlarmRule>> ForAsync(string job, CancellationToken cancellationToken = default)
    {
        var keys = JobMetricKeys.All(job);
        return [.. (await alarms.ListRulesAsync(cancellationToken)).Select(r => r.Rule).Where(r => keys.Contains(r.Metric, StringComparer.Ordinal))];
    }

    /// <summary>
    /// Creates the failure rule, and for a scheduled job the dead man's switch, unless a rule on that metric
    /// exists already (so calling it again, or after the team tuned them, changes nothing).
    /// </summary>
    /// <returns>The rules created.</returns>
    public async Task<StoreResult<IReadOnlyList<AlarmRule>>> EnsureAsync(BatchJob job, string actor, CancellationToken cancellationToken = default)
    {
        var existing = (await ForAsync(job.Name, cancellationToken)).Select(r => r.Metric).ToHashSet(StringComparer.Ordinal);
        List<AlarmRule> wanted = job.Schedule.IsSet ? [JobAlarms.DeadMan(job), JobAlarms.Failure(job)] : [JobAlarms.Failure(job)];
        var created = new List<AlarmRule>();
        foreach (var rule in wanted.Where(r => !existing.Contains(r.Metric)))
        {
            var saved = await alarms.SaveRuleAsync(null, rule, actor, $"Created for batch job '{job.Name}'", cancellationToken);
            if (!saved.IsOk) return StoreResult<IReadOnlyList<AlarmRule>>.Invalid(saved.Issues);
            created.Add(saved.Value);
        }

        return StoreResult<IReadOnlyList<AlarmRule>>.Ok(created);
    }
}
