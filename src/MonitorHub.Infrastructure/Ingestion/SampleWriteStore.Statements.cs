using Microsoft.Data.Sqlite;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
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

    private readonly SqliteCommand _insertSample;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertDefinition;
    private readonly SqliteCommand _insertDescribedDefinition;

    private SqliteCommand[] Statements => [_insertSample, _insertSeries, _insertDefinition, _insertDescribedDefinition, .. Tiers.SelectMany(t => t.Statements)];

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
