using MonitorHub.Core.Metrics;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Ingestion;

// Series ids and known metric keys: cached so that a sample of a known series costs one
// lookup, and counted per metric so that the series limits are checked before anything is written.
public sealed partial class SampleWriteStore
{
    private readonly Dictionary<(string Metric, string TagsKey), long> _series = [];
    private readonly Dictionary<string, int> _seriesPerMetric = new(StringComparer.Ordinal);
    private readonly HashSet<string> _definitions = new(StringComparer.Ordinal);
    private bool _cachesLoaded;

    /// <summary>Series of one metric, as the writer knows them (for the catalogue).</summary>
    public int SeriesCount(string metric)
    {
        EnsureCachesLoaded();
        return _seriesPerMetric.GetValueOrDefault(metric);
    }

    private long SeriesId(string metric, TagSet tags, IReadOnlyDictionary<string, DefinitionTemplate>? templates)
    {
        if (_series.TryGetValue((metric, tags.Key), out var id)) return id;

        if (_definitions.Add(metric))
        {
            var template = templates?.GetValueOrDefault(metric);
            if (_rows.InsertDefinition(metric, template, _clock.GetUtcNow().ToUnixTimeMilliseconds())) NewDefinitions.Add(metric);
        }

        id = _rows.InsertSeries(metric, tags.Key);
        _series[(metric, tags.Key)] = id;
        _seriesPerMetric[metric] = _seriesPerMetric.GetValueOrDefault(metric) + 1;
        return id;
    }

    /// <summary>
    /// Fills <see cref="Rejected"/> with the batches that would create series past a limit, counting
    /// the series earlier batches of the same commit create. Batches that only touch known series —
    /// nearly all of them — cost one dictionary lookup per distinct series.
    /// </summary>
    private void CheckLimits(IReadOnlyList<PreparedBatch> batches)
    {
        Rejected.Clear();
        Dictionary<string, int>? pendingPerMetric = null;
        HashSet<(string, string)>? pending = null;
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            Dictionary<string, (int Count, int FirstSeries)>? added = null;
            for (var i = 0; i < batch.Series.Count; i++)
            {
                var (metric, tags) = batch.Series[i];
                if (_series.ContainsKey((metric, tags.Key)) || pending?.Contains((metric, tags.Key)) == true) continue;
                added ??= new(StringComparer.Ordinal);
                added[metric] = added.TryGetValue(metric, out var a) ? (a.Count + 1, a.FirstSeries) : (1, i);
            }

            if (added is null) continue;
            var pendingTotal = pending?.Count ?? 0;
            var addedTotal = added.Values.Sum(a => a.Count);
            foreach (var (metric, (count, first)) in added)
            {
                var existing = _seriesPerMetric.GetValueOrDefault(metric) + (pendingPerMetric?.GetValueOrDefault(metric) ?? 0);
                if (existing + count > _limits.MaxPerMetric)
                {
                    Rejected[b] = new SeriesLimitExceededException(metric, existing, _limits.MaxPerMetric, "MonitorHub:Limits:MaxSeriesPerMetric", FirstSample(batch, first));
                    break;
                }

                if (_series.Count + pendingTotal + addedTotal > _limits.MaxTotal)
                {
                    Rejected[b] = new SeriesLimitExceededException(metric, _series.Count + pendingTotal, _limits.MaxTotal, "MonitorHub:Limits:MaxSeries", FirstSample(batch, first));
                    break;
                }
            }

            if (Rejected.ContainsKey(b)) continue;
            pending ??= [];
            pendingPerMetric ??= new(StringComparer.Ordinal);
            foreach (var (metric, tags) in batch.Series)
            {
                if (_series.ContainsKey((metric, tags.Key)) || !pending.Add((metric, tags.Key))) continue;
                pendingPerMetric[metric] = pendingPerMetric.GetValueOrDefault(metric) + 1;
            }
        }
    }

    private static int FirstSample(PreparedBatch batch, int series) => Array.IndexOf(batch.SeriesIndex, series);

    private void EnsureCachesLoaded()
    {
        if (_cachesLoaded) return;
        using (var command = _rows.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT {Series.Id}, {Series.MetricKey}, {Series.TagsKey} FROM {Series.Table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var metric = reader.GetString(1);
                _series[(metric, reader.GetString(2))] = reader.GetInt64(0);
                _seriesPerMetric[metric] = _seriesPerMetric.GetValueOrDefault(metric) + 1;
            }
        }

        using (var command = _rows.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT {MetricDefinitions.Key} FROM {MetricDefinitions.Table}";
            using var reader = command.ExecuteReader();
            while (reader.Read()) _definitions.Add(reader.GetString(0));
        }

        _cachesLoaded = true;
    }

    private void ResetCaches()
    {
        _series.Clear();
        _seriesPerMetric.Clear();
        _definitions.Clear();
        _rows.ClearRollups();
        _cachesLoaded = false;
    }
}
