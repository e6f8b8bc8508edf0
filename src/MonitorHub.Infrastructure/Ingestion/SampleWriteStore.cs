using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>How many series the writer lets exist (see <see cref="LimitsOptions"/>).</summary>
public sealed record SeriesLimits(int MaxPerMetric, int MaxTotal)
{
    public static readonly SeriesLimits Default = new(new LimitsOptions().MaxSeriesPerMetric, new LimitsOptions().MaxSeries);

    public static SeriesLimits From(LimitsOptions options) => new(options.MaxSeriesPerMetric, options.MaxSeries);
}

/// <summary>A sample as it was committed, with its series id, for the live feed.</summary>
public sealed record StoredSample(long SeriesId, string Metric, TagSet Tags, DateTimeOffset Timestamp, double Value);

/// <summary>
/// The SQL half of the single writer: owns one connection and its prepared statements, and caches
/// series ids, known metric keys and the rollups of recently touched minutes. Only the writer
/// thread may use it. The caches mirror committed state; after a failed transaction they are
/// dropped and reloaded lazily, so a rollback can never leave them ahead of the database.
/// </summary>
public sealed class SampleWriteStore : IDisposable
{
    private const int RollupCacheLimit = 20_000;
    private const int RollupCacheMinutes = 2;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly SeriesLimits _limits;
    private readonly Dictionary<(string Metric, string TagsKey), long> _series = [];
    private readonly Dictionary<string, int> _seriesPerMetric = new(StringComparer.Ordinal);
    private readonly HashSet<string> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<(long SeriesId, long Minute), DDSketch> _rollups = [];
    private bool _cachesLoaded;
    private long _lastSweepMinute = long.MinValue;

    private readonly SqliteCommand _insertSample;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertDefinition;
    private readonly SqliteCommand _insertDescribedDefinition;
    private readonly SqliteCommand _selectRollup;
    private readonly SqliteCommand _upsertRollup;

    public SampleWriteStore(string connectionString, TimeProvider clock, SeriesLimits? limits = null)
    {
        _clock = clock;
        _limits = limits ?? SeriesLimits.Default;
        _connection = SqlitePragmas.Open(connectionString);
        const string InsertSample = $"INSERT INTO {Samples.Table} ({Samples.SeriesId}, {Samples.Ts}, {Samples.Value}) VALUES ($s, $t, $v)";
        const string InsertSeries = $"INSERT INTO {Series.Table} ({Series.MetricKey}, {Series.TagsKey}) VALUES ($m, $k) RETURNING {Series.Id}";
        const string InsertDefinition =
            $"INSERT OR IGNORE INTO {MetricDefinitions.Table} ({MetricDefinitions.Key}, {MetricDefinitions.DisplayName}, {MetricDefinitions.Category}, {MetricDefinitions.Unit}, " +
            $"{MetricDefinitions.Description}, {MetricDefinitions.OwnerTeam}, {MetricDefinitions.CreatedAtMs}, {MetricDefinitions.UpdatedAtMs}) " +
            "VALUES ($k, $k, 0, '', '', '', $now, $now)";
        const string InsertDescribedDefinition =
            $"INSERT OR IGNORE INTO {MetricDefinitions.Table} ({MetricDefinitions.Key}, {MetricDefinitions.DisplayName}, {MetricDefinitions.Category}, {MetricDefinitions.Unit}, " +
            $"{MetricDefinitions.Description}, {MetricDefinitions.SystemId}, {MetricDefinitions.OwnerTeam}, {MetricDefinitions.CreatedAtMs}, {MetricDefinitions.UpdatedAtMs}) " +
            "VALUES ($k, $d, $c, $u, $desc, $s, '', $now, $now)";
        const string SelectRollup = $"SELECT {Rollups.Sketch} FROM {Rollups.Table} WHERE {Rollups.SeriesId} = $s AND {Rollups.Minute} = $m";
        const string UpsertRollup =
            $"INSERT INTO {Rollups.Table} ({Rollups.SeriesId}, {Rollups.Minute}, {Rollups.Count}, {Rollups.Sum}, {Rollups.Min}, {Rollups.Max}, {Rollups.Sketch}) " +
            "VALUES ($s, $m, $c, $sum, $min, $max, $sk) " +
            $"ON CONFLICT ({Rollups.SeriesId}, {Rollups.Minute}) DO UPDATE SET {Rollups.Count} = excluded.{Rollups.Count}, {Rollups.Sum} = excluded.{Rollups.Sum}, " +
            $"{Rollups.Min} = excluded.{Rollups.Min}, {Rollups.Max} = excluded.{Rollups.Max}, {Rollups.Sketch} = excluded.{Rollups.Sketch}";
        _insertSample = Prepare(InsertSample, "$s", "$t", "$v");
        _insertSeries = Prepare(InsertSeries, "$m", "$k");
        _insertDefinition = Prepare(InsertDefinition, "$k", "$now");
        _insertDescribedDefinition = Prepare(InsertDescribedDefinition, "$k", "$now", "$d", "$c", "$u", "$desc", "$s");
        _selectRollup = Prepare(SelectRollup, "$s", "$m");
        _upsertRollup = Prepare(UpsertRollup, "$s", "$m", "$c", "$sum", "$min", "$max", "$sk");
    }

    /// <summary>Metric keys first seen by the last successful <see cref="Write"/>.</summary>
    public List<string> NewDefinitions { get; } = [];

    /// <summary>Batches (by position) the last <see cref="Write"/> refused whole because they would
    /// have created series past a limit; the other batches of the group commit were stored.</summary>
    public Dictionary<int, SeriesLimitExceededException> Rejected { get; } = [];

    /// <summary>Series of one metric, as the writer knows them (for the catalogue).</summary>
    public int SeriesCount(string metric)
    {
        EnsureCachesLoaded();
        return _seriesPerMetric.GetValueOrDefault(metric);
    }

    /// <summary>Commits all batches in one transaction (group commit).</summary>
    /// <param name="watched">Which metrics live subscribers want back as <see cref="StoredSample"/>s;
    /// null returns every sample. Unwatched samples cost no allocation here.</param>
    public List<StoredSample> Write(IEnumerable<PreparedBatch> batches, Func<string, bool>? watched = null) =>
        Write(batches, null, watched)!;

    /// <summary>Runs <paramref name="alongside"/> first in the same transaction (rows that belong with
    /// the samples, e.g. prediction logs); when it returns false everything is rolled back and null
    /// is returned.</summary>
    /// <exception cref="SeriesLimitExceededException">With <paramref name="alongside"/>: its batch would
    /// pass a series limit (nothing was written).</exception>
    public List<StoredSample>? Write(IEnumerable<PreparedBatch> batches, Func<SqliteConnection, SqliteTransaction, bool>? alongside, Func<string, bool>? watched)
    {
        EnsureCachesLoaded();
        NewDefinitions.Clear();
        var all = batches as IReadOnlyList<PreparedBatch> ?? [.. batches];
        CheckLimits(all);
        // A batch committed with other rows must be stored whole or not at all.
        if (alongside is not null && Rejected.Count > 0) throw Rejected.Values.First();
        var stored = new List<StoredSample>();
        var touched = new HashSet<(long, long)>();
        using var transaction = _connection.BeginTransaction();
        try
        {
            SetTransaction(transaction);
            if (alongside is not null && !alongside(_connection, transaction))
            {
                transaction.Rollback();
                return null;
            }

            for (var b = 0; b < all.Count; b++)
            {
                if (Rejected.ContainsKey(b)) continue;
                var batch = all[b];
                var ids = batch.Series.Select(s => SeriesId(s.Metric, s.Tags, batch.Definitions)).ToArray();
                InsertRows(batch, ids);
                foreach (var ((series, minute), partial) in batch.Partials)
                {
                    Rollup(ids[series], minute).Merge(partial);
                    touched.Add((ids[series], minute));
                }

                var wanted = batch.Series.Select(x => watched?.Invoke(x.Metric) ?? true).ToArray();
                if (!wanted.Contains(true)) continue;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!wanted[batch.SeriesIndex[i]]) continue;
                    var sample = batch.Samples[i];
                    stored.Add(new StoredSample(ids[batch.SeriesIndex[i]], sample.Metric, sample.Tags, sample.Timestamp, sample.Value));
                }
            }

            foreach (var key in touched)
            {
                WriteRollup(key.Item1, key.Item2, _rollups[key]);
            }

            transaction.Commit();
        }
        catch
        {
            ResetCaches();
            throw;
        }

        TrimRollupCache(touched);
        return stored;
    }

    /// <summary>Convenience for callers holding plain samples (tests, bulk loads).</summary>
    public List<StoredSample> Write(IReadOnlyList<MetricSample> samples) => Write([new PreparedBatch(samples)]);

    // One row per statement: measured faster through Microsoft.Data.Sqlite than multi-row
    // VALUES lists, whose per-parameter binding cost grows with the statement.
    private void InsertRows(PreparedBatch batch, long[] seriesIds)
    {
        var parameters = _insertSample.Parameters;
        foreach (var i in batch.Order)
        {
            parameters[0].Value = seriesIds[batch.SeriesIndex[i]];
            parameters[1].Value = batch.Timestamps[i];
            parameters[2].Value = batch.Samples[i].Value;
            _insertSample.ExecuteNonQuery();
        }
    }

    /// <summary>Runs maintenance (retention) on the writer's connection, inside a transaction.</summary>
    public T Execute<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using var transaction = _connection.BeginTransaction();
        try
        {
            var result = work(_connection, transaction);
            transaction.Commit();
            // Retention may have deleted cached rollups' rows; the cache reloads what it needs.
            _rollups.Clear();
            return result;
        }
        catch
        {
            ResetCaches();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insertSample, _insertSeries, _insertDefinition, _insertDescribedDefinition, _selectRollup, _upsertRollup })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private long SeriesId(string metric, TagSet tags, IReadOnlyDictionary<string, DefinitionTemplate>? templates)
    {
        if (_series.TryGetValue((metric, tags.Key), out var id)) return id;

        if (_definitions.Add(metric))
        {
            var insert = _insertDefinition;
            if (templates is not null && templates.TryGetValue(metric, out var template))
            {
                insert = _insertDescribedDefinition;
                insert.Parameters[2].Value = template.DisplayName;
                insert.Parameters[3].Value = (int)template.Category;
                insert.Parameters[4].Value = template.Unit;
                insert.Parameters[5].Value = template.Description;
                insert.Parameters[6].Value = template.SystemId is { } system ? system : DBNull.Value;
            }

            insert.Parameters[0].Value = metric;
            insert.Parameters[1].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (insert.ExecuteNonQuery() > 0) NewDefinitions.Add(metric);
        }

        _insertSeries.Parameters[0].Value = metric;
        _insertSeries.Parameters[1].Value = tags.Key;
        id = (long)_insertSeries.ExecuteScalar()!;
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

    /// <summary>Minutes whose rollups the writer holds in memory (for tests of the cache's bounds).</summary>
    internal int CachedRollups => _rollups.Count;

    /// <summary>Forgets series that maintenance deleted (retention of unused series).</summary>
    public void ForgetSeries() => ResetCaches();

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

    private void EnsureCachesLoaded()
    {
        if (_cachesLoaded) return;
        using (var command = _connection.CreateCommand())
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

        using (var command = _connection.CreateCommand())
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
        _rollups.Clear();
        _cachesLoaded = false;
    }

    private void SetTransaction(SqliteTransaction transaction)
    {
        foreach (var command in new[] { _insertSample, _insertSeries, _insertDefinition, _insertDescribedDefinition, _selectRollup, _upsertRollup })
        {
            command.Transaction = transaction;
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
