using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Infrastructure.Ingestion;

// The two rollup tiers the writer maintains: minutes, and hours merged from the same partials.
public sealed partial class SampleWriteStore
{
    private const int RollupCacheLimit = 20_000;
    private const int RollupCacheMinutes = 2;

    private readonly RollupTier _minutes;
    private readonly RollupTier _hours;

    /// <summary>Minutes whose rollups the writer holds in memory (for tests of the cache's bounds).</summary>
    internal int CachedRollups => _minutes.Cached;

    /// <summary>Hours whose rollups the writer holds in memory.</summary>
    internal int CachedHourlyRollups => _hours.Cached;

    private void MergeRollup(long seriesId, long minute, DDSketch partial)
    {
        _minutes.Merge(seriesId, minute, partial);
        _hours.Merge(seriesId, minute, partial);
    }

    private void FlushRollups()
    {
        _minutes.Flush();
        _hours.Flush();
    }

    private void TrimRollupCaches()
    {
        var minute = UnixTime.MinuteOf(_clock.GetUtcNow().ToUnixTimeMilliseconds());
        _minutes.Trim(minute);
        _hours.Trim(minute);
    }

    private void ClearRollupCaches()
    {
        _minutes.Clear();
        _hours.Clear();
    }
}
