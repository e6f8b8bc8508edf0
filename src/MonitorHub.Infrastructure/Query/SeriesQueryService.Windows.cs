using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Query;

/// <summary>Count, sum, min and max of one series over a window: enough for every aggregation but quantiles.</summary>
public readonly record struct WindowSummary(long Count, double Sum, double Min, double Max);

/// <summary>Whole-metric window reads for the rule evaluator: every series of a metric in one pass.</summary>
public sealed partial class SeriesQueryService
{
    /// <summary>Every raw sample of every series of a metric in [from, to), in one indexed pass —
    /// what the batched rule evaluator aggregates in memory for quantile rules, which are exact only
    /// over raw values.</summary>
    public Task<IReadOnlyList<(TagSet Tags, List<(long Ts, double Value)> Samples)>> RawWindowAsync(
        string metric, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<(TagSet, List<(long, double)>)>>(() =>
        {
            using var connection = Open();
            var series = SeriesOf(connection, metric).ToDictionary(s => s.Id, s => (s.Tags, Samples: new List<(long, double)>()));
            const string Sql = $"SELECT s.{Samples.SeriesId}, s.{Samples.Ts}, s.{Samples.Value} " +
                               $"FROM {Series.Table} r JOIN {Samples.Table} s ON s.{Samples.SeriesId} = r.{Series.Id} " +
                               $"WHERE r.{Series.MetricKey} = $m AND s.{Samples.Ts} >= $a AND s.{Samples.Ts} < $b";
            WindowQuery.Read(connection, Sql, metric, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), reader =>
            {
                if (series.TryGetValue(reader.GetInt64(0), out var entry)) entry.Samples.Add((reader.GetInt64(1), reader.GetDouble(2)));
            });

            return [.. series.Values.Select(v => (v.Tags, v.Samples))];
        }, cancellationToken);

    /// <summary>
    /// The summary of every series of a metric over [from, to), aggregated by SQLite: whole minutes
    /// from rollups (written in the same transaction as their samples, so they agree exactly) and the
    /// ragged minute at either end from raw samples. A 5-minute window reads four rollup rows and one
    /// minute of raw samples per series instead of five minutes of samples: the 10-minute soak (100
    /// rules over 1 000 series at ~10 000 samples/s) read 2.9 million rows per 10-second tick before.
    /// Series without samples in the window have a count of 0.
    /// </summary>
    public Task<IReadOnlyList<(TagSet Tags, WindowSummary Summary)>> WindowSummariesAsync(
        string metric, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<(TagSet, WindowSummary)>>(() =>
        {
            using var connection = Open();
            var series = SeriesOf(connection, metric);
            var totals = series.ToDictionary(s => s.Id, _ => new WindowSummary(0, 0, double.PositiveInfinity, double.NegativeInfinity));
            var plan = new SeriesQueryPlan(from, to, 60, UseRollups: true);
            var firstMinuteMs = plan.FirstFullMinute * 60_000;
            var endMinuteMs = plan.EndFullMinute * 60_000;
            const string RawSql = $"SELECT s.{Samples.SeriesId}, COUNT(*), SUM(s.{Samples.Value}), MIN(s.{Samples.Value}), MAX(s.{Samples.Value}) " +
                                  $"FROM {Series.Table} r JOIN {Samples.Table} s ON s.{Samples.SeriesId} = r.{Series.Id} " +
                                  $"WHERE r.{Series.MetricKey} = $m AND s.{Samples.Ts} >= $a AND s.{Samples.Ts} < $b GROUP BY s.{Samples.SeriesId}";
            const string RollupSql = $"SELECT o.{Rollups.SeriesId}, SUM(o.{Rollups.Count}), SUM(o.{Rollups.Sum}), MIN(o.{Rollups.Min}), MAX(o.{Rollups.Max}) " +
                                     $"FROM {Series.Table} r JOIN {Rollups.Table} o ON o.{Rollups.SeriesId} = r.{Series.Id} " +
                                     $"WHERE r.{Series.MetricKey} = $m AND o.{Rollups.Minute} >= $a AND o.{Rollups.Minute} < $b GROUP BY o.{Rollups.SeriesId}";
            Accumulate(RawSql, plan.FromMs, Math.Min(firstMinuteMs, plan.ToMs));
            Accumulate(RollupSql, plan.FirstFullMinute, plan.EndFullMinute);
            Accumulate(RawSql, Math.Max(endMinuteMs, plan.FromMs), plan.ToMs);
            return [.. series.Select(s => (s.Tags, totals[s.Id]))];

            void Accumulate(string sql, long from, long to)
            {
                if (to <= from) return;
                WindowQuery.Read(connection, sql, metric, from, to, reader =>
                {
                    var id = reader.GetInt64(0);
                    var count = reader.GetInt64(1);
                    if (count == 0 || !totals.TryGetValue(id, out var t)) return;
                    totals[id] = new WindowSummary(t.Count + count, t.Sum + reader.GetDouble(2), Math.Min(t.Min, reader.GetDouble(3)), Math.Max(t.Max, reader.GetDouble(4)));
                });
            }
        }, cancellationToken);
}
