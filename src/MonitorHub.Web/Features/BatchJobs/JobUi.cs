using MonitorHub.Core.BatchJobs;
using MudBlazor;

namespace MonitorHub.Web.Features.BatchJobs;

/// <summary>How a job's state and schedule read wherever jobs are shown.</summary>
public static class JobUi
{
    public static Color StateColor(JobState state) => state switch
    {
        JobState.Ok => Color.Success,
        JobState.Late => Color.Warning,
        _ => Color.Error,
    };

    public static string StateText(JobState state) => state.ToString().ToLowerInvariant();

    public static Color RunColor(JobRunStatus status) => status switch
    {
        JobRunStatus.Succeeded => Color.Success,
        JobRunStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    public static string Schedule(BatchJob job) =>
        job.Cron is { } cron ? $"cron {cron} (UTC), {job.GraceMinutes} min grace"
        : job.EveryMinutes is { } every ? $"every {Minutes(every)}, {job.GraceMinutes} min grace"
        : "no schedule";

    public static string Minutes(int minutes) =>
        minutes % 1440 == 0 ? $"{minutes / 1440} d" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";

    public static string Seconds(double? seconds) => seconds is { } s ? s < 120 ? $"{s:0.#} s" : $"{s / 60:0.#} min" : "—";

    public static string Rows(double? rows) => rows is { } r ? r.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
