using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>The sparkline's counts: one per bucket of <see cref="Bucket"/> from <see cref="From"/>.</summary>
public sealed record TimelineCounts(DateTimeOffset From, TimeSpan Bucket, IReadOnlyList<int> Counts);

/// <summary>
/// One history of everything that happened, merged at read time from the tables that already hold
/// it (alarm events, the notification outbox, silences, versions, deployment decisions, automation
/// changes, drift runs, detector events, the audit log). Reading instead of writing a separate events
/// table keeps every writer as it is and the history complete back to the first row; each source is
/// read by its time index with a keyset bound, so a page costs a few index seeks per kind.
/// </summary>
public sealed class TimelineService(IDbContextFactory<MonitorHubDbContext> contexts)
{
    /// <summary>A page of <paramref name="query"/>; invalid when a filter names nothing stored.</summary>
    public async Task<StoreResult<TimelinePage>> PageAsync(TimelineQuery query, CancellationToken cancellationToken = default)
    {
        var issues = TimelineQuery.Validate(query);
        if (issues.Count > 0) return StoreResult<TimelinePage>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (scope, scopeIssues) = await TimelineScope.ResolveAsync(db, query, cancellationToken);
        if (scope is null) return StoreResult<TimelinePage>.Invalid(scopeIssues);

        var fromMs = query.From.ToUnixTimeMilliseconds();
        var toMs = query.To.ToUnixTimeMilliseconds();
        var streams = new List<IReadOnlyList<TimelineEvent>>();
        foreach (var source in TimelineSources.For(db, scope, query))
        {
            var bound = query.Cursor is { } cursor ? cursor.BoundFor(source.Kind).Within(toMs) : SourceBound.Before(toMs);
            streams.Add(await source.PageAsync(fromMs, bound, query.Limit + 1, cancellationToken));
        }

        return StoreResult<TimelinePage>.Ok(TimelineMerge.Page(streams, query.Limit));
    }

    /// <summary>Event counts of <paramref name="query"/> (its cursor and limit ignored) in <paramref name="buckets"/> equal buckets.</summary>
    public async Task<StoreResult<TimelineCounts>> CountsAsync(TimelineQuery query, int buckets, CancellationToken cancellationToken = default)
    {
        var issues = TimelineQuery.Validate(query);
        if (buckets is < 1 or > 1000) issues.Add(new(null, "buckets", "Must be a whole number from 1 to 1000."));
        if (issues.Count > 0) return StoreResult<TimelineCounts>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (scope, scopeIssues) = await TimelineScope.ResolveAsync(db, query, cancellationToken);
        if (scope is null) return StoreResult<TimelineCounts>.Invalid(scopeIssues);

        var fromMs = query.From.ToUnixTimeMilliseconds();
        var toMs = query.To.ToUnixTimeMilliseconds();
        var width = Math.Max(1, (toMs - fromMs + buckets - 1) / buckets);
        var counts = new int[buckets];
        foreach (var source in TimelineSources.For(db, scope, query))
        {
            foreach (var (bucket, count) in await source.CountAsync(fromMs, toMs, width, cancellationToken))
            {
                if (bucket >= 0 && bucket < buckets) counts[bucket] += count;
            }
        }

        return StoreResult<TimelineCounts>.Ok(new TimelineCounts(query.From, TimeSpan.FromMilliseconds(width), counts));
    }
}
