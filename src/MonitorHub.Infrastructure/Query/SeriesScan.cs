using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;

namespace MonitorHub.Infrastructure.Query;

/// <summary>A rollup row as a scan hands it over; the sketch bytes are only valid during the call.</summary>
internal delegate void RollupRow(int position, long unixMs, long count, double sum, double min, double max, ReadOnlySpan<byte> sketch);

/// <summary>
/// Reads a set of series from one storage tier in a single query per plan segment (the series ids
/// travel as one parameter — a JSON array on SQLite, a <c>bigint[]</c> on PostgreSQL — probed
/// against the (series, time) key), instead of one query per series: a 100-series chart was 300
/// queries. Rows are handed to a callback with the series' position in the set; a scan allocates
/// nothing per row but, for quantiles, the sketch's bytes (merged straight into the bucket's sketch,
/// never deserialized into one of their own). Chart queries, rule windows and backtests all read through here.
/// </summary>
internal sealed class SeriesScan(DbConnection connection, DatabaseProvider provider, IReadOnlyList<long> seriesIds)
{
    // The one place the scan's SQL differs by provider: how the id set is probed (RollupTable.InIds).
    private static readonly Statements SqliteStatements = new(RollupTable.InIds.Sqlite);
    private static readonly Statements PostgreSqlStatements = new(RollupTable.InIds.PostgreSql);

    private readonly Dictionary<long, int> _positions = Positions(seriesIds);
    private readonly object _ids = provider == DatabaseProvider.PostgreSQL ? seriesIds.ToArray() : "[" + string.Join(',', seriesIds) + "]";
    private readonly Statements _sql = provider == DatabaseProvider.PostgreSQL ? PostgreSqlStatements : SqliteStatements;

    /// <summary>Raw samples in [fromMs, toMs).</summary>
    public void Raw(long fromMs, long toMs, Action<int, long, double> row)
    {
        if (toMs <= fromMs || seriesIds.Count == 0) return;
        var positions = new PositionCache(_positions);
        if (connection is SqliteConnection sqlite)
        {
            Step(sqlite, _sql.Raw, fromMs, toMs, statement =>
                row(positions.Of(raw.sqlite3_column_int64(statement, 0)), raw.sqlite3_column_int64(statement, 1), raw.sqlite3_column_double(statement, 2)));
            return;
        }

        using var command = Command(_sql.Raw, fromMs, toMs);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(positions.Of(reader.GetInt64(0)), reader.GetInt64(1), reader.GetDouble(2));
        }
    }

    /// <summary>Rollups of a tier in [from, to) of its unit; the row's time is handed over in Unix ms.
    /// Only quantiles need the sketch; without it the scan stays narrow.</summary>
    public void Rollups(StorageTier tier, long from, long to, bool withSketch, RollupRow row)
    {
        if (to <= from || seriesIds.Count == 0) return;
        var unitMs = RollupTable.Of(tier).UnitMs;
        var sql = _sql.Scan(tier, withSketch);
        var positions = new PositionCache(_positions);
        if (connection is SqliteConnection sqlite)
        {
            Step(sqlite, sql, from, to, statement => row(
                positions.Of(raw.sqlite3_column_int64(statement, 0)), raw.sqlite3_column_int64(statement, 1) * unitMs,
                raw.sqlite3_column_int64(statement, 2), raw.sqlite3_column_double(statement, 3), raw.sqlite3_column_double(statement, 4),
                raw.sqlite3_column_double(statement, 5), withSketch ? raw.sqlite3_column_blob(statement, 6) : ReadOnlySpan<byte>.Empty));
            return;
        }

        using var command = Command(sql, from, to);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sketch = withSketch ? (byte[])reader.GetValue(6) : ReadOnlySpan<byte>.Empty;
            row(positions.Of(reader.GetInt64(0)), reader.GetInt64(1) * unitMs, reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), sketch);
        }
    }

    /// <summary>Every segment of a plan, each from its tier.</summary>
    public void Plan(SeriesQueryPlan plan, bool withSketch, Action<int, long, double> raw, RollupRow rollup)
    {
        foreach (var segment in plan.Segments())
        {
            if (segment.Tier == StorageTier.Raw) Raw(segment.From, segment.To, raw);
            else Rollups(segment.Tier, segment.From, segment.To, withSketch, rollup);
        }
    }

    private DbCommand Command(string sql, long from, long to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Add("ids", _ids);
        command.Add("a", from);
        command.Add("b", to);
        return command;
    }

    /// <summary>
    /// On SQLite, prepares and steps the statement through SQLite's own API on the connection's handle
    /// rather than a <see cref="SqliteDataReader"/>: the reader's per-column checks and its copy of
    /// every sketch into a new array were more than half of a 100-series chart's time (a 24 h p95 chart
    /// scans ~29 000 rows; the benchmark's <c>query</c> prints the chart times). The sketch is handed
    /// over as a span of SQLite's buffer, valid until the next step.
    /// </summary>
    private void Step(SqliteConnection sqlite, string sql, long from, long to, Action<sqlite3_stmt> row)
    {
        var db = sqlite.Handle!;
        // The reader's own busy loop is bypassed, so let SQLite wait as the connection's timeout says.
        raw.sqlite3_busy_timeout(db, sqlite.DefaultTimeout * 1000);
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@ids"), (string)_ids), db);
            Check(raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@a"), from), db);
            Check(raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@b"), to), db);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) row(statement);
            if (rc != raw.SQLITE_DONE) Check(rc, db);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Rows come series by series (the key's order), so the last id answers nearly every row
    /// without a dictionary probe.</summary>
    private struct PositionCache(Dictionary<long, int> positions)
    {
        private long _id = long.MinValue;
        private int _position = -1;

        public int Of(long id)
        {
            if (id != _id)
            {
                _position = positions[id];
                _id = id;
            }

            return _position;
        }
    }

    /// <summary>The scan's statements with one provider's id-set probe, built once per provider.</summary>
    private sealed class Statements(string inSet)
    {
        private readonly Dictionary<(StorageTier, bool), string> _rollups = RollupTable.All
            .SelectMany(t => new[] { false, true }.Select(withSketch => (t, withSketch)))
            .ToDictionary(x => (x.t.Tier, x.withSketch), x => x.t.ScanSql(x.withSketch, inSet));

        public string Raw { get; } = $"SELECT {Samples.SeriesId}, {Samples.Ts}, {Samples.Value} FROM {Samples.Table} " +
                                     $"WHERE {Samples.SeriesId}{inSet} AND {Samples.Ts} >= @a AND {Samples.Ts} < @b";

        public string Scan(StorageTier tier, bool withSketch) => _rollups[(tier, withSketch)];
    }

    private static Dictionary<long, int> Positions(IReadOnlyList<long> ids)
    {
        var positions = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++) positions[ids[i]] = i;
        return positions;
    }
}
