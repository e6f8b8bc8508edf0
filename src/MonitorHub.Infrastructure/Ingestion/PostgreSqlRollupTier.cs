using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using Npgsql;
using MonitorHub.Infrastructure.Persistence;
using NpgsqlTypes;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// One rollup tier (minutes, five minutes or hours) as a PostgreSQL node writes it, exact with other nodes writing
/// the same series and period: a commit's partials are summed per row in memory, then each row is
/// inserted if absent, or else locked (<c>FOR UPDATE</c>) and updated — count and sum added, min and
/// max taken in SQL, so they are exact whatever the interleaving; the sketch merged here under the
/// row lock (DDSketch's merge has no SQL form), so no node's update is lost. Rows are locked in
/// (series, period) order, the same on every node, so two commits cannot deadlock on them.
/// </summary>
/// <remarks>Column names are <see cref="Rollups"/>'s: every tier's table names its columns alike.</remarks>
internal sealed class PostgreSqlRollupTier(NpgsqlConnection connection, RollupTable tier)
{
    private readonly SortedDictionary<(long SeriesId, long Period), DDSketch> _partials = [];
    private readonly string _insert =
        $"INSERT INTO {tier.Table} ({Rollups.SeriesId}, {tier.Period}, {Rollups.Count}, {Rollups.Sum}, {Rollups.Min}, {Rollups.Max}, {Rollups.Sketch}) " +
        $"VALUES (@s, @p, @c, @sum, @min, @max, @sk) ON CONFLICT ({Rollups.SeriesId}, {tier.Period}) DO NOTHING";
    private readonly string _lock = $"SELECT {Rollups.Sketch} FROM {tier.Table} WHERE {Rollups.SeriesId} = @s AND {tier.Period} = @p FOR UPDATE";
    private readonly string _update =
        $"UPDATE {tier.Table} SET {Rollups.Count} = {Rollups.Count} + @c, {Rollups.Sum} = {Rollups.Sum} + @sum, {Rollups.Min} = LEAST({Rollups.Min}, @min), {Rollups.Max} = GREATEST({Rollups.Max}, @max), {Rollups.Sketch} = @sk " +
        $"WHERE {Rollups.SeriesId} = @s AND {tier.Period} = @p";
    private NpgsqlTransaction? _transaction;

    public void Begin(NpgsqlTransaction transaction) => _transaction = transaction;

    /// <summary>Adds a minute's partial to this commit's sum for its period (the partial is not changed).</summary>
    public void Add(long seriesId, long minute, DDSketch partial)
    {
        var key = (seriesId, UnixTime.FloorDiv(minute, tier.MinutesPerPeriod));
        if (!_partials.TryGetValue(key, out var sum)) _partials[key] = sum = new DDSketch();
        sum.Merge(partial);
    }

    /// <summary>Writes every period of the commit, in key order.</summary>
    public void Flush()
    {
        foreach (var ((seriesId, period), partial) in _partials)
        {
            using var insert = Command(_insert, seriesId, period, partial);
            insert.Parameters.AddWithValue("sk", partial.Serialize());
            if (insert.ExecuteNonQuery() > 0) continue;

            // The row exists (another commit, maybe another node's, created it): lock it, then merge.
            DDSketch merged;
            using (var select = Command(_lock, seriesId, period, null))
            {
                merged = DDSketch.Deserialize((byte[])select.ExecuteScalar()!);
            }

            merged.Merge(partial);
            using var update = Command(_update, seriesId, period, partial);
            update.Parameters.AddWithValue("sk", merged.Serialize());
            update.ExecuteNonQuery();
        }

        _partials.Clear();
    }

    public void Clear() => _partials.Clear();

    private NpgsqlCommand Command(string sql, long seriesId, long period, DDSketch? partial)
    {
        var command = new NpgsqlCommand(sql, connection, _transaction);
        command.Parameters.AddWithValue("s", NpgsqlDbType.Bigint, seriesId);
        command.Parameters.AddWithValue("p", NpgsqlDbType.Bigint, period);
        if (partial is null) return command;
        command.Parameters.AddWithValue("c", NpgsqlDbType.Bigint, partial.Count);
        command.Parameters.AddWithValue("sum", NpgsqlDbType.Double, partial.Sum);
        command.Parameters.AddWithValue("min", NpgsqlDbType.Double, partial.Min);
        command.Parameters.AddWithValue("max", NpgsqlDbType.Double, partial.Max);
        return command;
    }
}
