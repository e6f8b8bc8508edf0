using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

// The rollup tiers the writer maintains: minutes, and five minutes and hours merged from the same partials.
public sealed partial class SampleWriteStore
{
    private const int RollupCacheLimit = 20_000;
    private const int RollupCacheMinutes = 2;

    private readonly RollupTier _minutes;
    private readonly RollupTier _fiveMinutes;
    private readonly RollupTier _hours;

    private RollupTier[] Tiers => [_minutes, _fiveMinutes, _hours];

    /// <summary>Minutes whose rollups the writer holds in memory (for tests of the cache's bounds).</summary>
    internal int CachedRollups => _minutes.Cached;

    /// <summary>Hours whose rollups the writer holds in memory.</summary>
    internal int CachedHourlyRollups => _hours.Cached;

    /// <summary>Five-minute periods whose rollups the writer holds in memory.</summary>
    internal int CachedFiveMinuteRollups => _fiveMinutes.Cached;

    private RollupTier Tier(RollupTable table, long keepPeriods) =>
        new(Prepare(table.SelectSketchSql, "$s", "$p"), Prepare(table.UpsertSql, RollupTable.RowParameters), table.MinutesPerPeriod, RollupCacheLimit, keepPeriods);

    private void MergeRollup(long seriesId, long minute, DDSketch partial)
    {
        foreach (var tier in Tiers) tier.Merge(seriesId, minute, partial);
    }

    private void FlushRollups()
    {
        foreach (var tier in Tiers) tier.Flush();
    }

    private void TrimRollupCaches()
    {
        var minute = UnixTime.MinuteOf(_clock.GetUtcNow().ToUnixTimeMilliseconds());
        foreach (var tier in Tiers) tier.Trim(minute);
    }

    private void ClearRollupCaches()
    {
        foreach (var tier in Tiers) tier.Clear();
    }
}
