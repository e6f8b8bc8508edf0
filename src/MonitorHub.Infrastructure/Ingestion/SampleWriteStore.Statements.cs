using Microsoft.Data.Sqlite;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
using HourlyRollups = MonitorHub.Infrastructure.Persistence.Tables.HourlyRollups;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Ingestion;

// The writer's prepared statements: prepared once on its connection, re-bound per row.
public sealed partial class SampleWriteStore
{
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

    private const string SelectRollupSql = $"SELECT {Rollups.Sketch} FROM {Rollups.Table} WHERE {Rollups.SeriesId} = $s AND {Rollups.Minute} = $m";

    private const string UpsertRollupSql =
        $"INSERT INTO {Rollups.Table} ({Rollups.SeriesId}, {Rollups.Minute}, {Rollups.Count}, {Rollups.Sum}, {Rollups.Min}, {Rollups.Max}, {Rollups.Sketch}) " +
        "VALUES ($s, $m, $c, $sum, $min, $max, $sk) " +
        $"ON CONFLICT ({Rollups.SeriesId}, {Rollups.Minute}) DO UPDATE SET {Rollups.Count} = excluded.{Rollups.Count}, {Rollups.Sum} = excluded.{Rollups.Sum}, " +
        $"{Rollups.Min} = excluded.{Rollups.Min}, {Rollups.Max} = excluded.{Rollups.Max}, {Rollups.Sketch} = excluded.{Rollups.Sketch}";

    private const string SelectHourlySql = $"SELECT {HourlyRollups.Sketch} FROM {HourlyRollups.Table} WHERE {HourlyRollups.SeriesId} = $s AND {HourlyRollups.Hour} = $h";

    private const string UpsertHourlySql =
        $"INSERT INTO {HourlyRollups.Table} ({HourlyRollups.SeriesId}, {HourlyRollups.Hour}, {HourlyRollups.Count}, {HourlyRollups.Sum}, {HourlyRollups.Min}, {HourlyRollups.Max}, {HourlyRollups.Sketch}) " +
        "VALUES ($s, $h, $c, $sum, $min, $max, $sk) " +
        $"ON CONFLICT ({HourlyRollups.SeriesId}, {HourlyRollups.Hour}) DO UPDATE SET {HourlyRollups.Count} = excluded.{HourlyRollups.Count}, {HourlyRollups.Sum} = excluded.{HourlyRollups.Sum}, " +
        $"{HourlyRollups.Min} = excluded.{HourlyRollups.Min}, {HourlyRollups.Max} = excluded.{HourlyRollups.Max}, {HourlyRollups.Sketch} = excluded.{HourlyRollups.Sketch}";

    private readonly SqliteCommand _insertSample;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertDefinition;
    private readonly SqliteCommand _insertDescribedDefinition;

    private SqliteCommand[] Statements => [_insertSample, _insertSeries, _insertDefinition, _insertDescribedDefinition, .. _minutes.Statements, .. _hours.Statements];

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

    private void SetTransaction(SqliteTransaction transaction)
    {
        foreach (var command in Statements) command.Transaction = transaction;
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
