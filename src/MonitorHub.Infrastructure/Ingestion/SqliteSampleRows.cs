using System.Data.Common;
using Microsoft.Data.Sqlite;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// SQLite's half of the writer: statements prepared once on the one connection and re-bound per row,
/// and the rollup tiers merged in an in-process cache — valid because this is the only writer.
/// </summary>
internal sealed class SqliteSampleRows : ISampleRows
{
    private const int RollupCacheLimit = 20_000;
    private const int RollupCacheMinutes = 2;

    private const string InsertSampleSql = $"INSERT INTO {Samples.Table} ({Samples.SeriesId}, {Samples.Ts}, {Samples.Value}) VALUES ($s, $t, $v)";
    private const string InsertSeriesSql = $"INSERT INTO {Series.Table} ({Series.MetricKey}, {Series.TagsKey}) VALUES ($m, $k) RETURNING {Series.Id}";

    private const string InsertDefinitionSql =
        $"INSERT OR IGNORE INTO {MetricDefinitions.Table} ({MetricDefinitions.Key}, {MetricDefinitions.DisplayName}, {MetricDefinitions.Category}, {MetricDefinitions.Unit}, " +
        $"{MetricDefinitions.Description}, {MetricDefinitions.OwnerTeam}, {MetricDefinitions.CreatedAtMs}, {MetricDefinitions.UpdatedAtMs}) " +
        "VALUES ($k, $k, 0, '', '', '', $now, $now)";

    private const string InsertDescribedDefinitionSql =
        $"INSERT OR IGNORE INTO {MetricDefinitions.Table} ({MetricDefinitions.Key}, {MetricDefinitions.DisplayName}, {MetricDefinitions.Category}, {MetricDefinitions.Unit}, " +
        $"{MetricDefinitions.Description}, {MetricDefinitions.SystemId}, {MetricDefinitions.ComponentId}, {MetricDefinitions.OwnerTeam}, {MetricDefinitions.CreatedAtMs}, {MetricDefinitions.UpdatedAtMs}) " +
        "VALUES ($k, $d, $c, $u, $desc, $s, $comp, '', $now, $now)";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertSample;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertDefinition;
    private readonly SqliteCommand _insertDescribedDefinition;
    private readonly RollupTier _minutes;
    private readonly RollupTier _fiveMinutes;
    private readonly RollupTier _hours;

    public SqliteSampleRows(string connectionString)
    {
        _connection = SqlitePragmas.Open(connectionString);
        _insertSample = Prepare(InsertSampleSql, "$s", "$t", "$v");
        _insertSeries = Prepare(InsertSeriesSql, "$m", "$k");
        _insertDefinition = Prepare(InsertDefinitionSql, "$k", "$now");
        _insertDescribedDefinition = Prepare(InsertDescribedDefinitionSql, "$k", "$now", "$d", "$c", "$u", "$desc", "$s", "$comp");
        _minutes = Tier(RollupTable.Minutes, keepPeriods: RollupCacheMinutes);
        _fiveMinutes = Tier(RollupTable.FiveMinutes, keepPeriods: 1);
        _hours = Tier(RollupTable.Hours, keepPeriods: 1);
    }

    public DbConnection Connection => _connection;
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public int CachedRollups => _minutes.Cached;
    public int CachedHourlyRollups => _hours.Cached;
    public int CachedFiveMinuteRollups => _fiveMinutes.Cached;

    private RollupTier[] Tiers => [_minutes, _fiveMinutes, _hours];

    private SqliteCommand[] Statements => [_insertSample, _insertSeries, _insertDefinition, _insertDescribedDefinition, .. Tiers.SelectMany(t => t.Statements)];

    // One row per statement: measured faster through Microsoft.Data.Sqlite than multi-row
    // VALUES lists, whose per-parameter binding cost grows with the statement.
    public void InsertSamples(PreparedBatch batch, long[] seriesIds)
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

    public long InsertSeries(string metric, string tagsKey)
    {
        _insertSeries.Parameters[0].Value = metric;
        _insertSeries.Parameters[1].Value = tagsKey;
        return (long)_insertSeries.ExecuteScalar()!;
    }

    public bool InsertDefinition(string metric, DefinitionTemplate? template, long nowMs)
    {
        var insert = _insertDefinition;
        if (template is not null)
        {
            insert = _insertDescribedDefinition;
            insert.Parameters[2].Value = template.DisplayName;
            insert.Parameters[3].Value = (int)template.Category;
            insert.Parameters[4].Value = template.Unit;
            insert.Parameters[5].Value = template.Description;
            insert.Parameters[6].Value = template.SystemId is { } system ? system : DBNull.Value;
            insert.Parameters[7].Value = template.ComponentId is { } component ? component : DBNull.Value;
        }

        insert.Parameters[0].Value = metric;
        insert.Parameters[1].Value = nowMs;
        return insert.ExecuteNonQuery() > 0;
    }

    public void MergeRollup(long seriesId, long minute, DDSketch partial)
    {
        foreach (var tier in Tiers) tier.Merge(seriesId, minute, partial);
    }

    public void FlushRollups()
    {
        foreach (var tier in Tiers) tier.Flush();
    }

    public void AfterCommit(long nowMinute)
    {
        foreach (var tier in Tiers) tier.Trim(nowMinute);
    }

    public void ClearRollups()
    {
        foreach (var tier in Tiers) tier.Clear();
    }

    // A local file: the connection is not dropped from the other side.
    public void EnsureOpen()
    {
    }

    public void Begin(DbTransaction transaction)
    {
        foreach (var command in Statements) command.Transaction = (SqliteTransaction)transaction;
    }

    public void Dispose()
    {
        foreach (var command in Statements) command.Dispose();
        _connection.Dispose();
    }

    private RollupTier Tier(RollupTable table, long keepPeriods) =>
        new(Prepare(table.SelectSketchSql, "s", "p"), Prepare(table.UpsertSql, RollupTable.RowParameters), table.MinutesPerPeriod, RollupCacheLimit, keepPeriods);

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
