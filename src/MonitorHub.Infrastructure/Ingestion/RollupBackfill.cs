using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// Fills a coarser rollup tier from the minute rollups a database already holds, once, right after the
/// migration that adds the tier (before the writer starts): the query planner reads whole periods
/// from that tier, so a period missing there would silently drop its samples from charts.
/// One pass in (series, minute) key order holds one period's sketch at a time.
/// </summary>
public static class RollupBackfill
{
    /// <returns>Rows written.</returns>
    public static long Run(SqliteConnection connection, StorageTier tier)
    {
        var table = RollupTable.Of(tier);
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT {Rollups.SeriesId}, {Rollups.Minute}, {Rollups.Sketch} FROM {Rollups.Table} ORDER BY {Rollups.SeriesId}, {Rollups.Minute}";
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = table.InsertSql;
        foreach (var name in RollupTable.RowParameters) write.Parameters.Add(new SqliteParameter { ParameterName = name });

        long written = 0;
        (long Series, long Period)? current = null;
        var sketch = new DDSketch();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetInt64(0), UnixTime.FloorDiv(reader.GetInt64(1), table.MinutesPerPeriod));
                if (current != key)
                {
                    Flush();
                    current = key;
                    sketch = new DDSketch();
                }

                sketch.MergeSerialized((byte[])reader.GetValue(2));
            }
        }

        Flush();
        transaction.Commit();
        return written;

        void Flush()
        {
            if (current is not { } k) return;
            RollupTable.Bind(write, k.Series, k.Period, sketch);
            write.ExecuteNonQuery();
            written++;
        }
    }
}
