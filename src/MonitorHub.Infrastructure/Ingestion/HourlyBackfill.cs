using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using HourlyRollups = MonitorHub.Infrastructure.Persistence.Tables.HourlyRollups;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// Fills the hourly tier from the minute rollups a database already holds, once, right after the
/// migration that adds the tier (before the writer starts): the query planner reads whole hours
/// from that tier, so an hour missing there would silently drop its samples from long charts.
/// One pass in (series, minute) key order holds one hour's sketch at a time.
/// </summary>
public static class HourlyBackfill
{
    /// <returns>Hourly rows written.</returns>
    public static long Run(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT {Rollups.SeriesId}, {Rollups.Minute}, {Rollups.Sketch} FROM {Rollups.Table} ORDER BY {Rollups.SeriesId}, {Rollups.Minute}";
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText =
            $"INSERT INTO {HourlyRollups.Table} ({HourlyRollups.SeriesId}, {HourlyRollups.Hour}, {HourlyRollups.Count}, {HourlyRollups.Sum}, {HourlyRollups.Min}, {HourlyRollups.Max}, {HourlyRollups.Sketch}) " +
            "VALUES ($s, $h, $c, $sum, $min, $max, $sk)";
        foreach (var name in new[] { "$s", "$h", "$c", "$sum", "$min", "$max", "$sk" }) write.Parameters.Add(new SqliteParameter { ParameterName = name });

        long written = 0;
        (long Series, long Hour)? current = null;
        var sketch = new DDSketch();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetInt64(0), UnixTime.FloorDiv(reader.GetInt64(1), 60));
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
            var p = write.Parameters;
            p[0].Value = k.Series;
            p[1].Value = k.Hour;
            p[2].Value = sketch.Count;
            p[3].Value = sketch.Sum;
            p[4].Value = sketch.Min;
            p[5].Value = sketch.Max;
            p[6].Value = sketch.Serialize();
            write.ExecuteNonQuery();
            written++;
        }
    }
}
