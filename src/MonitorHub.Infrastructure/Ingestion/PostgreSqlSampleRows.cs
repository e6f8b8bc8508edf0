using System.Data.Common;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;
using MetricDefinitions = MonitorHub.Infrastructure.Persistence.Tables.MetricDefinitions;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// PostgreSQL's half of a node's writer. Several nodes write at once, so nothing here assumes it is
/// alone: samples go in by binary COPY; series and definitions are created with <c>ON CONFLICT</c>
/// (another node may have created them since this one looked); rollups are merged in the database
/// under row locks (<see cref="PostgreSqlRollupTier"/>), never from a cache another node cannot see.
/// </summary>
/// <remarks>Two nodes creating the same <em>new</em> series or definitions in opposite orders in the
/// same instant can deadlock on the unique index; PostgreSQL then aborts one commit, which fails as
/// unavailable (503) and is retried by its client. Rollup rows cannot: they are locked in key order.</remarks>
internal sealed class PostgreSqlSampleRows : ISampleRows
{
    private const string CopySamplesSql = $"COPY {Samples.Table} ({Samples.SeriesId}, {Samples.Ts}, {Samples.Value}) FROM STDIN (FORMAT BINARY)";

    // RETURNING is empty when the row existed: the id is then read (a second round trip, once per
    // series and node, as the id is cached afterwards).
    private const string InsertSeriesSql =
        $"INSERT INTO {Series.Table} ({Series.MetricKey}, {Series.TagsKey}) VALUES (@m, @k) ON CONFLICT ({Series.MetricKey}, {Series.TagsKey}) DO NOTHING RETURNING {Series.Id}";

    private const string SelectSeriesSql = $"SELECT {Series.Id} FROM {Series.Table} WHERE {Series.MetricKey} = @m AND {Series.TagsKey} = @k";

    // Pinned is named: the SQLite column has a default from its migration, the PostgreSQL one none.
    private const string InsertDefinitionSql =
        $"INSERT INTO {MetricDefinitions.Table} ({MetricDefinitions.Key}, {MetricDefinitions.DisplayName}, {MetricDefinitions.Category}, {MetricDefinitions.Unit}, " +
        $"{MetricDefinitions.Description}, {MetricDefinitions.SystemId}, {MetricDefinitions.ComponentId}, {MetricDefinitions.OwnerTeam}, {MetricDefinitions.Pinned}, {MetricDefinitions.CreatedAtMs}, {MetricDefinitions.UpdatedAtMs}) " +
        $"VALUES (@k, @d, @c, @u, @desc, @s, @comp, '', FALSE, @now, @now) ON CONFLICT ({MetricDefinitions.Key}) DO NOTHING";

    private readonly NpgsqlConnection _connection;
    // Finest first: the one lock order every node takes (RollupTable.All's order, each tier in key order).
    private readonly PostgreSqlRollupTier[] _tiers;
    private NpgsqlTransaction? _transaction;

    public PostgreSqlSampleRows(string connectionString)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        _tiers = [.. RollupTable.All.Select(tier => new PostgreSqlRollupTier(_connection, tier))];
    }

    public DbConnection Connection => _connection;
    public DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    // Nothing is cached across commits: another node may change any row meanwhile.
    public int CachedRollups => 0;
    public int CachedHourlyRollups => 0;
    public int CachedFiveMinuteRollups => 0;

    public void EnsureOpen()
    {
        if (_connection.State == System.Data.ConnectionState.Open) return;
        _connection.Close();
        _connection.Open();
    }

    public void Begin(DbTransaction transaction)
    {
        _transaction = (NpgsqlTransaction)transaction;
        foreach (var tier in _tiers) tier.Begin(_transaction);
    }

    public void InsertSamples(PreparedBatch batch, long[] seriesIds)
    {
        // COPY runs in the connection's open transaction: the samples commit with their rollups.
        using var import = _connection.BeginBinaryImport(CopySamplesSql);
        foreach (var i in batch.Order)
        {
            import.StartRow();
            import.Write(seriesIds[batch.SeriesIndex[i]], NpgsqlDbType.Bigint);
            import.Write(batch.Timestamps[i], NpgsqlDbType.Bigint);
            import.Write(batch.Samples[i].Value, NpgsqlDbType.Double);
        }

        import.Complete();
    }

    public long InsertSeries(string metric, string tagsKey)
    {
        using var insert = Command(InsertSeriesSql);
        insert.Parameters.AddWithValue("m", metric);
        insert.Parameters.AddWithValue("k", tagsKey);
        if (insert.ExecuteScalar() is long id) return id;
        using var select = Command(SelectSeriesSql);
        select.Parameters.AddWithValue("m", metric);
        select.Parameters.AddWithValue("k", tagsKey);
        return (long)select.ExecuteScalar()!;
    }

    public bool InsertDefinition(string metric, DefinitionTemplate? template, long nowMs)
    {
        using var insert = Command(InsertDefinitionSql);
        insert.Parameters.AddWithValue("k", metric);
        insert.Parameters.AddWithValue("d", template?.DisplayName ?? metric);
        insert.Parameters.AddWithValue("c", (int)(template?.Category ?? MetricCategory.Unclassified));
        insert.Parameters.AddWithValue("u", template?.Unit ?? "");
        insert.Parameters.AddWithValue("desc", template?.Description ?? "");
        insert.Parameters.AddWithValue("s", NpgsqlDbType.Integer, template?.SystemId is { } system ? system : DBNull.Value);
        insert.Parameters.AddWithValue("comp", NpgsqlDbType.Integer, template?.ComponentId is { } component ? component : DBNull.Value);
        insert.Parameters.AddWithValue("now", nowMs);
        return insert.ExecuteNonQuery() > 0;
    }

    public void MergeRollup(long seriesId, long minute, DDSketch partial)
    {
        foreach (var tier in _tiers) tier.Add(seriesId, minute, partial);
    }

    // Minutes, then five minutes, then hours, each in key order, on every node: the one global lock order.
    public void FlushRollups()
    {
        foreach (var tier in _tiers) tier.Flush();
    }

    public void AfterCommit(long nowMinute) => ClearRollups();

    public void ClearRollups()
    {
        foreach (var tier in _tiers) tier.Clear();
    }

    public void Dispose() => _connection.Dispose();

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);
}
