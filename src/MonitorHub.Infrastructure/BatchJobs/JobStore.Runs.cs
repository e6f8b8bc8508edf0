using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.BatchJobs;

// Recording runs, in two steps so that a caller can store the run's metrics in between and nothing of a
// rejected report is stored: PrepareRunAsync reads (conflicts are found before anything is written),
// CommitRunAsync writes the run and re-checks that nothing changed meanwhile.
public sealed partial class JobStore
{
    public async Task<StoreResult<PreparedRun>> PrepareRunAsync(string name, JobRunReport report, CancellationToken cancellationToken = default)
    {
        var issues = JobValidation.Validate(report, out var status);
        if (JobValidation.CheckName(name) is { } nameIssue) issues.Insert(0, nameIssue);
        if (issues.Count > 0) return StoreResult<PreparedRun>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var job = await db.Jobs.AsNoTracking().Where(j => j.Name == name).Select(j => new { j.Id, j.ComponentId }).SingleOrDefaultAsync(cancellationToken);
        var systemId = job?.ComponentId is { } c ? await db.Components.Where(x => x.Id == c).Select(x => (int?)x.SystemId).SingleOrDefaultAsync(cancellationToken) : null;
        JobRunEntity? existing = null;
        if (job is not null && report.RunId is { } runId)
            existing = await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.JobId == job.Id && r.RunId == runId, cancellationToken);

        if (existing is not null && (status == JobRunStatus.Started || existing.Status != (int)JobRunStatus.Started))
        {
            var what = existing.Status == (int)JobRunStatus.Started ? "was already reported started" : $"already finished ({((JobRunStatus)existing.Status).Name()})";
            return StoreResult<PreparedRun>.Conflict([new(null, "runId", $"Run '{report.RunId}' of job '{name}' {what}.")]);
        }

        var run = existing is not null ? JobRuns.Complete(ToRun(existing, name), report, status, now) : JobRuns.New(name, report, status, now);
        return StoreResult<PreparedRun>.Ok(new PreparedRun(run, job?.Id, existing?.Id, systemId, job?.ComponentId));
    }

    /// <summary>Stores a prepared run (registering the job if it is new) and updates the job's last run and success.</summary>
    public async Task<StoreResult<JobRun>> CommitRunAsync(PreparedRun prepared, string actor, CancellationToken cancellationToken = default)
    {
        var run = prepared.Run;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Name == run.Job, cancellationToken);
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (job is null)
        {
            job = new JobEntity { Name = run.Job, GraceMinutes = new BatchJob().GraceMinutes, CreatedAtMs = nowMs, UpdatedAtMs = nowMs };
            db.Jobs.Add(job);
            audit.Add(db, actor, "create", "job", run.Job, null, ToJob(job));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                return StoreResult<JobRun>.Conflict([new(null, "name", $"Job '{run.Job}' was registered by another report at the same moment; send the report again.")]);
            }
        }

        JobRunEntity row;
        if (prepared.CompletesRunId is { } completes)
        {
            var found = await db.JobRuns.SingleOrDefaultAsync(r => r.Id == completes, cancellationToken);
            if (found is null || found.Status != (int)JobRunStatus.Started)
                return StoreResult<JobRun>.Conflict([new(null, "runId", $"Run '{run.RunId}' of job '{run.Job}' finished meanwhile.")]);
            row = found;
        }
        else
        {
            row = new JobRunEntity { JobId = job.Id, RunId = run.RunId, Actor = actor };
            db.JobRuns.Add(row);
        }

        row.Status = (int)run.Status;
        row.StartedAtMs = run.StartedAt.ToUnixTimeMilliseconds();
        row.FinishedAtMs = run.FinishedAt?.ToUnixTimeMilliseconds();
        row.AtMs = row.FinishedAtMs ?? row.StartedAtMs;
        row.DurationSeconds = run.DurationSeconds;
        row.RowsIn = run.RowsIn;
        row.RowsOut = run.RowsOut;
        row.Message = run.Message;
        job.LastRunAtMs = Math.Max(job.LastRunAtMs ?? 0, row.AtMs);
        if (run.FinishedAt is { } finished)
        {
            job.LastCompletedStatus = (int)run.Status;
            if (run.Status == JobRunStatus.Succeeded) job.LastSuccessAtMs = Math.Max(job.LastSuccessAtMs ?? 0, finished.ToUnixTimeMilliseconds());
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The (job, runId) index: another report with this run id was stored between prepare and commit.
            return StoreResult<JobRun>.Conflict([new(null, "runId", $"Run '{run.RunId}' of job '{run.Job}' was reported twice at once.")]);
        }

        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke(run.Job);
        return StoreResult<JobRun>.Ok(ToRun(row, run.Job));
    }
}
