using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Infrastructure.Ingestion;

// The rollups of recently touched minutes, kept in memory so that a minute's sketch is
// read once and merged into many times, and trimmed so that the cache stays bounded.
public sealed partial class SampleWriteStore
{
    private const int RollupCacheLimit = 20_000;
    private const int RollupCacheMinutes = 2;

    private readonly Dictionary<(long SeriesId, long Minute), DDSketch> _rollups = [];
    private long _lastSweepMinute = long.MinValue;

    /// <summary>Minutes whose rollups the writer holds in memory (for tests of the cache's bounds).</summary>
    internal int CachedRollups => _rollups.Count;

    private DDSketch Rollup(long seriesId, long minute)
    {
        if (_rollups.TryGetValue((seriesId, minute), out var sketch)) return sketch;

        _selectRollup.Parameters[0].Value = seriesId;
        _selectRollup.Parameters[1].Value = minute;
        sketch = _selectRollup.ExecuteScalar() is byte[] bytes ? DDSketch.Deserialize(bytes) : new DDSketch();
        _rollups[(seriesId, minute)] = sketch;
        return sketch;
    }

    private void WriteRollup(long seriesId, long minute, DDSketch sketch)
    {
        var p = _upsertRollup.Parameters;
        p[0].Value = seriesId;
        p[1].Value = minute;
        p[2].Value = sketch.Count;
        p[3].Value = sketch.Sum;
        p[4].Value = sketch.Min;
        p[5].Value = sketch.Max;
        p[6].Value = sketch.Serialize();
        _upsertRollup.ExecuteNonQuery();
    }

    /// <summary>
    /// Once a minute, forgets rollups of minutes that ended more than <see cref="RollupCacheMinutes"/>
    /// ago (a sample that late costs one read of its rollup), and everything untouched past the hard
    /// limit. Without the age rule the cache grew for 20 minutes at 1 000 series before its first trim:
    /// a steady RSS climb in the soak benchmark.
    /// </summary>
    private void TrimRollupCache(HashSet<(long, long)> keep)
    {
        var minute = UnixTime.FloorDiv(_clock.GetUtcNow().ToUnixTimeMilliseconds(), 60_000);
        var sweep = minute != _lastSweepMinute;
        if (!sweep && _rollups.Count <= RollupCacheLimit) return;
        _lastSweepMinute = minute;
        foreach (var key in _rollups.Keys.ToList())
        {
            if (keep.Contains(key)) continue;
            if (_rollups.Count > RollupCacheLimit || key.Minute < minute - RollupCacheMinutes) _rollups.Remove(key);
        }
    }
}
