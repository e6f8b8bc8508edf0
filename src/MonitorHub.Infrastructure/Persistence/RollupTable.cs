using System.Data.Common;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using Columns = MonitorHub.Infrastructure.Persistence.Tables.Rollups;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// A rollup tier's table as hand-written SQL uses it. The tiers share their columns (the minute table's
/// names: series, count, sum, min, max, sketch) and differ in the table and the period column, so the
/// writer, the backfill, the scan and retention build their statements here, once for every tier.
/// </summary>
internal sealed record RollupTable(StorageTier Tier, string Table, string Period)
{
    public static readonly RollupTable Minutes = new(StorageTier.Minute, Tables.Rollups.Table, Tables.Rollups.Minute);
    public static readonly RollupTable FiveMinutes = new(StorageTier.FiveMinute, Tables.FiveMinuteRollups.Table, Tables.FiveMinuteRollups.FiveMinute);
    public static readonly RollupTable Hours = new(StorageTier.Hour, Tables.HourlyRollups.Table, Tables.HourlyRollups.Hour);

    /// <summary>Membership in the set of series ids bound to <c>@ids</c> (one query reads many series): a JSON
    /// array probed through <c>json_each</c> on SQLite, a <c>bigint[]</c> on PostgreSQL — the scan's only
    /// dialect difference.</summary>
    public static readonly DialectSql InIds = new(" IN (SELECT value FROM json_each(@ids))", " = ANY(@ids)");

    /// <summary>Every tier, finest first.</summary>
    public static readonly IReadOnlyList<RollupTable> All = [Minutes, FiveMinutes, Hours];

    /// <summary>The parameters of <see cref="InsertSql"/> and <see cref="UpsertSql"/>, in the order <see cref="Bind"/> sets them.</summary>
    public static readonly string[] RowParameters = ["s", "p", "c", "sum", "min", "max", "sk"];

    public static RollupTable Of(StorageTier tier) => All.Single(t => t.Tier == tier);

    public long MinutesPerPeriod => Tier.MinutesPerPeriod();

    public long UnitMs => MinutesPerPeriod * 60_000;

    /// <summary>One row per (<c>@s</c> series, <c>@p</c> period).</summary>
    public string InsertSql =>
        $"INSERT INTO {Table} ({Columns.SeriesId}, {Period}, {Columns.Count}, {Columns.Sum}, {Columns.Min}, {Columns.Max}, {Columns.Sketch}) " +
        "VALUES (@s, @p, @c, @sum, @min, @max, @sk)";

    /// <summary><see cref="InsertSql"/> that replaces the row of a period already stored.</summary>
    public string UpsertSql =>
        $"{InsertSql} ON CONFLICT ({Columns.SeriesId}, {Period}) DO UPDATE SET {Columns.Count} = excluded.{Columns.Count}, " +
        $"{Columns.Sum} = excluded.{Columns.Sum}, {Columns.Min} = excluded.{Columns.Min}, {Columns.Max} = excluded.{Columns.Max}, " +
        $"{Columns.Sketch} = excluded.{Columns.Sketch}";

    /// <summary>The sketch of (<c>@s</c>, <c>@p</c>).</summary>
    public string SelectSketchSql => $"SELECT {Columns.Sketch} FROM {Table} WHERE {Columns.SeriesId} = @s AND {Period} = @p";

    /// <summary>Rows of the series in the id set <c>@ids</c> (<paramref name="inIds"/>: the provider's
    /// <see cref="InIds"/>) with periods in [<c>@a</c>, <c>@b</c>), in key order: series, period, count, sum,
    /// min, max and, when asked, the sketch.</summary>
    public string ScanSql(bool withSketch, string inIds) =>
        $"SELECT {Columns.SeriesId}, {Period}, {Columns.Count}, {Columns.Sum}, {Columns.Min}, {Columns.Max}{(withSketch ? $", {Columns.Sketch}" : "")} " +
        $"FROM {Table} WHERE {Columns.SeriesId}{inIds} AND {Period} >= @a AND {Period} < @b";

    /// <summary>At most <c>@n</c> of series <c>@m</c>'s periods before <c>@c</c>: SQLite's rollup tables are
    /// WITHOUT ROWID, so a batch is chosen by key — which PostgreSQL runs as written.</summary>
    public string DeleteBeforeSql =>
        $"DELETE FROM {Table} WHERE {Columns.SeriesId} = @m AND {Period} IN " +
        $"(SELECT {Period} FROM {Table} WHERE {Columns.SeriesId} = @m AND {Period} < @c LIMIT @n)";

    /// <summary>Whether series <c>s.Id</c> has a row here (for the unused-series sweep).</summary>
    public string AnyOfSeriesSql => $"EXISTS (SELECT 1 FROM {Table} WHERE {Columns.SeriesId} = s.{Tables.Series.Id})";

    /// <summary>Sets a period's row on a command prepared with <see cref="RowParameters"/>.</summary>
    public static void Bind(DbCommand command, long seriesId, long period, DDSketch sketch)
    {
        var p = command.Parameters;
        p[0].Value = seriesId;
        p[1].Value = period;
        p[2].Value = sketch.Count;
        p[3].Value = sketch.Sum;
        p[4].Value = sketch.Min;
        p[5].Value = sketch.Max;
        p[6].Value = sketch.Serialize();
    }
}
