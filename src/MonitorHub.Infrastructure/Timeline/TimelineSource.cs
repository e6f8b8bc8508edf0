using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Timeline;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>One stored source of the timeline, read a page at a time or counted per bucket.</summary>
internal interface ITimelineSource
{
    string Kind { get; }

    /// <summary>Up to <paramref name="take"/> events from <paramref name="fromMs"/> within the bound, newest first.</summary>
    Task<IReadOnlyList<TimelineEvent>> PageAsync(long fromMs, SourceBound bound, int take, CancellationToken cancellationToken);

    /// <summary>Events per bucket index ((time − from) / width) over [from, to).</summary>
    Task<IReadOnlyList<(long Bucket, int Count)>> CountAsync(long fromMs, long toMs, long widthMs, CancellationToken cancellationToken);
}

/// <summary>
/// A source as a query over rows of <typeparamref name="T"/> (already narrowed to the read's scope), the
/// row's time and id columns, and how a page of rows becomes events (names looked up for the page only).
/// </summary>
internal sealed class TimelineSource<T>(
    string kind, IQueryable<T> rows, Expression<Func<T, long>> time, Expression<Func<T, long>> id,
    Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<TimelineEvent>>> describe) : ITimelineSource
{
    public string Kind => kind;

    public async Task<IReadOnlyList<TimelineEvent>> PageAsync(long fromMs, SourceBound bound, int take, CancellationToken cancellationToken)
    {
        var page = await Keyset.Page(rows, time, id, fromMs, bound, take).ToListAsync(cancellationToken);
        return page.Count == 0 ? [] : await describe(page, cancellationToken);
    }

    public async Task<IReadOnlyList<(long Bucket, int Count)>> CountAsync(long fromMs, long toMs, long widthMs, CancellationToken cancellationToken)
    {
        var window = new Window(fromMs, toMs, widthMs);
        var row = time.Parameters[0];
        var values = Expression.Constant(window);
        var from = Expression.Property(values, nameof(Window.From));
        var inRange = Expression.AndAlso(Expression.GreaterThanOrEqual(time.Body, from), Expression.LessThan(time.Body, Expression.Property(values, nameof(Window.To))));
        var bucket = Expression.Divide(Expression.Subtract(time.Body, from), Expression.Property(values, nameof(Window.Width)));
        var counts = await rows.Where(Expression.Lambda<Func<T, bool>>(inRange, row))
            .GroupBy(Expression.Lambda<Func<T, long>>(bucket, row))
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. counts.Select(c => (c.Key, c.Count))];
    }

    private sealed record Window(long From, long To, long Width);
}
