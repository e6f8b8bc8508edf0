namespace MonitorHub.Core.Timeline;

/// <summary>A page of the timeline and the cursor of the next one (null on the last page).</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, TimelineCursor? Next);

/// <summary>
/// Merges the per-source streams of a read into one page. Each stream is already in
/// <see cref="TimelineOrder"/> and holds at most limit + 1 events past the cursor, so the merged
/// first <c>limit</c> are exactly the page, and anything beyond them means there is a next one.
/// </summary>
public static class TimelineMerge
{
    public static TimelinePage Page(IReadOnlyList<IReadOnlyList<TimelineEvent>> streams, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var heads = new PriorityQueue<(int Stream, int Index), TimelineEvent>(streams.Count, TimelineOrder.Instance);
        for (var s = 0; s < streams.Count; s++)
        {
            if (streams[s].Count > 0) heads.Enqueue((s, 0), streams[s][0]);
        }

        var page = new List<TimelineEvent>(Math.Min(limit, streams.Sum(s => s.Count)));
        while (heads.TryDequeue(out var head, out var item))
        {
            if (page.Count == limit) return new TimelinePage(page, TimelineCursor.After(page[^1]));
            page.Add(item);
            var next = head.Index + 1;
            if (next < streams[head.Stream].Count) heads.Enqueue((head.Stream, next), streams[head.Stream][next]);
        }

        return new TimelinePage(page, null);
    }
}
