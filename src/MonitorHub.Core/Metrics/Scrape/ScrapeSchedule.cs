namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>
/// When each target is due. A target is scraped as soon as it appears (or is edited), then every
/// interval after its previous due time — not after the previous scrape finished — so a slow scrape
/// does not stretch the interval; a due time missed entirely (MonitorHub was paused) is skipped, not
/// caught up in a burst. Pure: the scraper passes the time in.
/// </summary>
public sealed class ScrapeSchedule
{
    private readonly Dictionary<int, (long Version, DateTimeOffset Next)> _next = [];

    /// <summary>Targets (id, interval, version) due at <paramref name="now"/>; each is then moved on.
    /// A changed version (an edit) makes a target due at once; targets not listed are forgotten.</summary>
    public IReadOnlyList<int> TakeDue(IEnumerable<(int Id, TimeSpan Interval, long Version)> targets, DateTimeOffset now)
    {
        var due = new List<int>();
        var seen = new HashSet<int>();
        foreach (var (id, interval, version) in targets)
        {
            seen.Add(id);
            if (!_next.TryGetValue(id, out var entry) || entry.Version != version) entry = (version, now);
            if (entry.Next <= now)
            {
                due.Add(id);
                var next = entry.Next + interval;
                while (next <= now) next += interval;
                entry = (version, next);
            }

            _next[id] = entry;
        }

        foreach (var gone in _next.Keys.Where(k => !seen.Contains(k)).ToList()) _next.Remove(gone);
        return due;
    }

    /// <summary>The earliest next due time, or null with no targets.</summary>
    public DateTimeOffset? NextDue => _next.Count == 0 ? null : _next.Values.Min(e => e.Next);
}
