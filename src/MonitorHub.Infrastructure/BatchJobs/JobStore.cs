using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.BatchJobs;

/// <summary>
/// Batch jobs (definitions versioned like rules and metric definitions) and their runs. A job first seen
/// through a run is registered without a schedule, so it has no dead man's switch until someone sets one.
/// </summary>
public sealed partial class JobStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public const string VersionType = "job";
    public const int MaxPageSize = 500;

    /// <summary>Raised after a definition or a run is stored, with the job's name, so open job pages refresh.</summary>
    public event Action<string>? Changed;

    public async Task<IReadOnlyList<JobView>> ListAsync(int? componentId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Jobs.AsNoTracking();
        if (componentId is { } c) query = query.Where(j => j.ComponentId == c);
        var rows = await query.OrderBy(j => j.Name).ToListAsync(cancellationToken);
        var systems = await SystemsOfAsync(db, rows.Select(r => r.ComponentId), cancellationToken);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => ToView(r, systems, now))];
    }

    public async Task<JobView?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Name == name, cancellationToken);
        if (row is null) return null;
        return ToView(row, await SystemsOfAsync(db, [row.ComponentId], cancellationToken), clock.GetUtcNow());
    }

    /// <summary>Creates or replaces a job's definition as a new version; a change of schedule restarts the dead man's clock.</summary>
    public async Task<StoreResult<JobView>> SaveAsync(BatchJob job, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        var issues = JobValidation.Validate(job);
        if (VersionStore.CheckReason(reason, required: false) is { } reasonIssue) issues.Add(reasonIssue);
        if (issues.Count > 0) return StoreResult<JobView>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        int? systemId = null;
        if (job.ComponentId is { } componentId)
        {
            systemId = await db.Components.Where(c => c.Id == componentId).Select(c => (int?)c.SystemId).SingleOrDefaultAsync(cancellationToken);
            if (systemId is null) return StoreResult<JobView>.Invalid([new(null, "componentId", $"No component {componentId}.")]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var row = await db.Jobs.SingleOrDefaultAsync(j => j.Name == job.Name, cancellationToken);
        BatchJob? before = null;
        if (row is null)
        {
            row = new JobEntity { Name = job.Name, CreatedAtMs = nowMs };
            db.Jobs.Add(row);
        }
        else
        {
            before = ToJob(row);
        }

        if (job.Schedule.IsSet && (before is null || before.Cron != job.Cron || before.EveryMinutes != job.EveryMinutes || !before.Schedule.IsSet))
            row.ScheduledSinceMs = nowMs;
        if (!job.Schedule.IsSet) row.ScheduledSinceMs = null;
        row.Description = job.Description.Trim();
        row.Cron = job.Cron?.Trim();
        row.EveryMinutes = job.EveryMinutes;
        row.GraceMinutes = job.GraceMinutes;
        row.ComponentId = job.ComponentId;
        row.UpdatedAtMs = nowMs;
        await db.SaveChangesAsync(cancellationToken);

        // The job's metrics follow it into its component, so the pipeline shows them there.
        if (job.ComponentId is not null && before?.ComponentId != job.ComponentId)
        {
            var keys = JobMetricKeys.All(job.Name).ToList();
            await db.MetricDefinitions.Where(d => keys.Contains(d.Key))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.SystemId, systemId).SetProperty(d => d.ComponentId, job.ComponentId), cancellationToken);
        }

        var saved = ToJob(row);
        await VersionStore.AddAsync(db, VersionType, row.Name, before is null ? null : Snapshot(before), Snapshot(saved), actor,
            reason ?? (before is null ? "Created" : "Updated"), nowMs, cancellationToken);
        audit.Add(db, actor, before is null ? "create" : "update", "job", row.Name, before, saved);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke(row.Name);
        return StoreResult<JobView>.Ok(ToView(row, new Dictionary<int, int> { [job.ComponentId ?? 0] = systemId ?? 0 }, now));
    }

    /// <summary>A page of a job's runs, newest first; null when there is no such job.</summary>
    public async Task<JobRunPage?> RunsAsync(string name, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobId = await db.Jobs.Where(j => j.Name == name).Select(j => (int?)j.Id).SingleOrDefaultAsync(cancellationToken);
        if (jobId is not { } id) return null;
        var runs = db.JobRuns.AsNoTracking().Where(r => r.JobId == id);
        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.StartedAtMs).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        return new JobRunPage(total, [.. page.Select(r => ToRun(r, name))]);
    }

    /// <summary>The scheduled jobs' dead man's switches, for the recurring check (one small query).</summary>
    public async Task<IReadOnlyList<(string Name, int? SystemId, int? ComponentId, JobHealthView Health)>> ScheduledAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Jobs.AsNoTracking().Where(j => j.ScheduledSinceMs != null).ToListAsync(cancellationToken);
        var systems = await SystemsOfAsync(db, rows.Select(r => r.ComponentId), cancellationToken);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => (r.Name, SystemOf(systems, r.ComponentId), r.ComponentId, Health(r, now)))];
    }

    public static string Snapshot(BatchJob job) => JsonSerializer.Serialize(job, StoredJson.Options);

    internal static BatchJob ToJob(JobEntity row) => new()
    {
        Name = row.Name, Description = row.Description, Cron = row.Cron, EveryMinutes = row.EveryMinutes, GraceMinutes = row.GraceMinutes, ComponentId = row.ComponentId,
    };

    private static JobView ToView(JobEntity row, IReadOnlyDictionary<int, int> systems, DateTimeOffset now) => new(
        ToJob(row), SystemOf(systems, row.ComponentId), Time(row.CreatedAtMs), TimeOrNull(row.LastSuccessAtMs), TimeOrNull(row.LastRunAtMs),
        (JobRunStatus?)row.LastCompletedStatus, Health(row, now));

    private static JobHealthView Health(JobEntity row, DateTimeOffset now) =>
        JobHealth.Evaluate(row.ScheduledSinceMs is null ? JobSchedule.None : ToJob(row).Schedule, TimeOrNull(row.LastSuccessAtMs),
            Time(row.ScheduledSinceMs ?? row.CreatedAtMs), (JobRunStatus?)row.LastCompletedStatus, now);

    internal static JobRun ToRun(JobRunEntity r, string job) => new(
        r.Id, job, r.RunId, (JobRunStatus)r.Status, Time(r.StartedAtMs), TimeOrNull(r.FinishedAtMs), r.DurationSeconds, r.RowsIn, r.RowsOut, r.Message);

    private static int? SystemOf(IReadOnlyDictionary<int, int> systems, int? componentId) =>
        componentId is { } c && systems.TryGetValue(c, out var s) ? s : null;

    private static async Task<Dictionary<int, int>> SystemsOfAsync(MonitorHubDbContext db, IEnumerable<int?> componentIds, CancellationToken cancellationToken)
    {
        var ids = componentIds.Where(c => c is not null).Select(c => c!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Components.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.SystemId, cancellationToken);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? TimeOrNull(long? ms) => ms is { } v ? Time(v) : null;
}
