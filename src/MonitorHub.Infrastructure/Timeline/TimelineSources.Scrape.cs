using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Timeline;

// Scrape targets going down and coming back up, as the scraper recorded them when they happened.
internal static partial class TimelineSources
{
    /// <summary>The scraper is the actor: nobody took the target down or up by hand.</summary>
    internal const string ScrapeActor = "scraper";

    private static ITimelineSource ScrapeTransitions(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = from t in db.ScrapeTransitions.AsNoTracking()
                   join target in db.ScrapeTargets on t.TargetId equals target.Id
                   select new ScrapeTransitionRow { Id = t.Id, TargetId = t.TargetId, AtMs = t.AtMs, Up = t.Up, Error = t.Error, Name = target.Name };
        if (scope.ScrapeTargetIds is { } ids)
        {
            var list = ids.ToList();
            rows = rows.Where(r => list.Contains(r.TargetId));
        }

        return new TimelineSource<ScrapeTransitionRow>(TimelineKinds.Scrape, rows, r => r.AtMs, r => r.Id, (page, _) =>
            Task.FromResult<IReadOnlyList<TimelineEvent>>([.. page.Select(r => new TimelineEvent(At(r.AtMs), TimelineKinds.Scrape, r.Id, r.Name, ScrapeActor,
                r.Up ? "Up again" : $"Down: {r.Error ?? "the scrape failed"}", TimelineLinks.ScrapeTargets))]));
    }

    private sealed class ScrapeTransitionRow
    {
        public long Id { get; init; }
        public int TargetId { get; init; }
        public long AtMs { get; init; }
        public bool Up { get; init; }
        public string? Error { get; init; }
        public string Name { get; init; } = "";
    }
}
