using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Timeline;

// Batch job runs, placed at their latest report (the finish, else the start).
internal static partial class TimelineSources
{
    private static ITimelineSource JobRuns(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.JobRuns.AsNoTracking();
        if (scope.JobIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(r => list.Contains(r.JobId));
        }

        return new TimelineSource<JobRunEntity>(TimelineKinds.Job, rows, r => r.AtMs, r => r.Id, async (page, ct) =>
        {
            var jobIds = page.Select(r => r.JobId).Distinct().ToList();
            var names = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Name, ct);
            return [.. page.Select(r =>
            {
                var name = names.GetValueOrDefault(r.JobId, $"job {r.JobId}");
                return new TimelineEvent(At(r.AtMs), TimelineKinds.Job, r.Id, name, r.Actor, JobRunSummary(r), TimelineLinks.Job(name));
            })];
        });
    }

    private static string JobRunSummary(JobRunEntity r)
    {
        var status = (JobRunStatus)r.Status;
        var parts = new List<string> { status.Name() };
        if (r.DurationSeconds is { } d) parts[0] += $" in {d.ToString("0.#", CultureInfo.InvariantCulture)} s";
        if (r.RowsIn is not null || r.RowsOut is not null)
            parts.Add($"rows {Count(r.RowsIn)} → {Count(r.RowsOut)}");
        var summary = string.Join(", ", parts);
        return string.IsNullOrWhiteSpace(r.Message) ? summary : $"{summary}: {r.Message}";
    }

    private static string Count(double? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "?";
}
