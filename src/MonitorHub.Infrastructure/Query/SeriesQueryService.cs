using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;
using Rollups = MonitorHub.Infrastructure.Persistence.Tables.Rollups;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Query;

public sealed record SeriesResult(TagSet Tags, IReadOnlyList<SeriesPoint> Points);

public sealed record SeriesQueryResult(string Metric, Aggregation Aggregation, SeriesQueryPlan Plan, IReadOnlyList<SeriesResult> Series);

/// <summary>
/// Answers chart queries. Whole minutes come from rollups on long ranges; the ragged minutes at
/// either end come from raw samples, so counts and sums over any range are exact.
/// </summary>
public sealed partial class SeriesQueryService(DataPaths paths, IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    public DateTimeOffset RawRetentionCutoff => clock.GetUtcNow() - TimeSpan.FromDays(options.Value.Retention.RawDays);

    public SeriesQueryPlan? Plan(DateTimeOffset from, DateTimeOffset to, long? stepSeconds, out ValidationIssue? issue) =>
        SeriesQueryPlan.Create(from, to, stepSeconds, RawRetentionCutoff, out issue);

    /// <param name="mergeSeries">Aggregate all matching series into one (overview cards).</param>
    public Task<SeriesQueryResult> QueryAsync(
        string metric, SeriesQueryPlan plan, Aggregation aggregation, IReadOnlyDictionary<string, string> tagFilter,
        bool mergeSeries = false, CancellationToken cancellationToken = default) =>
        Task.Run(() => Query(metric, plan, aggregation, tagFilter, mergeSeries), cancellationToken);

    /// <summary>
    /// One aggregate per matching series over [from, to) — a rule's window. A single bucket spans
    /// the whole window (a step of a century), so the same exact/rollup reading rules apply.
    /// Series without samples in the window come back with a null value.
    /// </summary>
    public async Task<IReadOnlyList<(TagSet Tags, double? Value)>> WindowAsync(
        string metric, IReadOnlyDictionary<string, string> tagFilter, DateTimeOffset from, DateTimeOffset to, Aggregation aggregation,
        CancellationToken cancellationToken = default)
    {
        var useRollups = to - from > SeriesQueryPlan.RawRangeLimit || from < RawRetentionCutoff;
        var plan = new SeriesQueryPlan(from, to, 100L * 365 * 86400, useRollups);
        var result = await QueryAsync(metric, plan, aggregation, tagFilter, cancellationToken: cancellationToken);
        return [.. result.Series.Select(s => (s.Tags, s.Points.Count > 0 ? s.Points[^1].V : (double?)null))];
    }

    /// <summary>Minute rollups of every series of a metric over [fromMinute, toMinute), for backtests.</summary>
    public Task<IReadOnlyList<(TagSet Tags, SortedList<long, (long Count, double Sum, double Min, double Max, byte[]? Sketch)> Minutes)>> RollupsAsync(
        string metric, long fromMinute, long toMinute, bool withSketch, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<(TagSet, SortedList<long, (long, double, double, double, byte[]?)>)>>(() =>
        {
            using var connection = Open();
            var result = new List<(TagSet, SortedList<long, (long, double, double, double, byte[]?)>)>();
            foreach (var (id, tags) in SeriesOf(connection, metric))
            {
                var minutes = new SortedList<long, (long, double, double, double, byte[]?)>();
                ForEachRollup(connection, id, fromMinute, toMinute, withSketch, (minute, count, sum, min, max, blob) => minutes[minute] = (count, sum, min, max, blob));
                result.Add((tags, minutes));
            }

            return result;
        }, cancellationToken);

    /// <summary>The newest sample of each metric (any series), for cards.</summary>
    public Task<IReadOnlyDictionary<string, SeriesPoint>> LatestAsync(IEnumerable<string> metrics, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyDictionary<string, SeriesPoint>>(() =>
        {
            using var connection = Open();
            var latest = new Dictionary<string, SeriesPoint>();
            foreach (var metric in metrics)
            {
                foreach (var (seriesId, _) in SeriesOf(connection, metric))
                {
                    using var command = connection.CreateCommand();
                    const string Sql = $"SELECT {Samples.Ts}, {Samples.Value} FROM {Samples.Table} WHERE {Samples.SeriesId} = $s ORDER BY {Samples.Ts} DESC LIMIT 1";
                    command.CommandText = Sql;
                    command.Parameters.AddWithValue("$s", seriesId);
                    using var reader = command.ExecuteReader();
                    if (!reader.Read()) continue;
                    var point = new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1));
                    if (!latest.TryGetValue(metric, out var known) || point.T > known.T) latest[metric] = point;
                }
            }

            return latest;
        }, cancellationToken);

    private SeriesQueryResult Query(string metric, SeriesQueryPlan plan, Aggregation aggregation, IReadOnlyDictionary<string, string> tagFilter, bool mergeSeries)
    {
        using var connection = Open();
        var results = new List<SeriesResult>();
        SeriesBuckets? merged = mergeSeries ? new SeriesBuckets(plan, aggregation) : null;
        foreach (var (seriesId, tags) in SeriesOf(connection, metric))
        {
            if (!tags.Matches(tagFilter)) continue;
            var buckets = merged ?? new SeriesBuckets(plan, aggregation);
            Fill(connection, seriesId, plan, aggregation, buckets);
            if (merged is null) results.Add(new SeriesResult(tags, buckets.Points()));
        }

        if (merged is not null) results.Add(new SeriesResult(TagSet.Empty, merged.Points()));
        return new SeriesQueryResult(metric, aggregation, plan, results);
    }

    private static void Fill(SqliteConnection connection, long seriesId, SeriesQueryPlan plan, Aggregation aggregation, SeriesBuckets buckets)
    {
        if (!plan.UseRollups)
        {
            // A series with rollups only (a scraped histogram's sketch stores no raw samples) answers a
            // short range from its minutes that lie wholly inside it. Any other series without raw rows
            // in the range has no rollups there either, so this never adds a point raw data would not.
            if (ReadRaw(connection, seriesId, plan.FromMs, plan.ToMs, buckets) == 0)
                ReadRollups(connection, seriesId, plan.FirstFullMinute, plan.EndFullMinute, aggregation.IsQuantile(), buckets);
            return;
        }

        var firstMinuteMs = plan.FirstFullMinute * 60_000;
        var endMinuteMs = plan.EndFullMinute * 60_000;
        ReadRaw(connection, seriesId, plan.FromMs, Math.Min(firstMinuteMs, plan.ToMs), buckets);
        ReadRollups(connection, seriesId, plan.FirstFullMinute, plan.EndFullMinute, aggregation.IsQuantile(), buckets);
        ReadRaw(connection, seriesId, Math.Max(endMinuteMs, plan.FromMs), plan.ToMs, buckets);
    }

    /// <returns>How many samples were read.</returns>
    private static int ReadRaw(SqliteConnection connection, long seriesId, long fromMs, long toMs, SeriesBuckets buckets)
    {
        if (toMs <= fromMs) return 0;
        using var command = connection.CreateCommand();
        const string Sql = $"SELECT {Samples.Ts}, {Samples.Value} FROM {Samples.Table} WHERE {Samples.SeriesId} = $s AND {Samples.Ts} >= $a AND {Samples.Ts} < $b";
        command.CommandText = Sql;
        command.Parameters.AddWithValue("$s", seriesId);
        command.Parameters.AddWithValue("$a", fromMs);
        command.Parameters.AddWithValue("$b", toMs);
        using var reader = command.ExecuteReader();
        var read = 0;
        for (; reader.Read(); read++) buckets.AddRaw(reader.GetInt64(0), reader.GetDouble(1));
        return read;
    }

    private static void ReadRollups(SqliteConnection connection, long seriesId, long fromMinute, long toMinute, bool withSketch, SeriesBuckets buckets) =>
        ForEachRollup(connection, seriesId, fromMinute, toMinute, withSketch, (minute, count, sum, min, max, blob) =>
            buckets.AddRollup(minute, count, sum, min, max, blob is null ? null : () => DDSketch.Deserialize(blob)));

    /// <summary>Minute rollups of one series in [fromMinute, toMinute). Only quantiles need the
    /// sketch blob; skipping it keeps mean/count reads to a narrow scan.</summary>
    private static void ForEachRollup(
        SqliteConnection connection, long seriesId, long fromMinute, long toMinute, bool withSketch, Action<long, long, double, double, double, byte[]?> row)
    {
        if (toMinute <= fromMinute) return;
        using var command = connection.CreateCommand();
        const string Columns = $"{Rollups.Minute}, {Rollups.Count}, {Rollups.Sum}, {Rollups.Min}, {Rollups.Max}";
        const string InRange = $"FROM {Rollups.Table} WHERE {Rollups.SeriesId} = $s AND {Rollups.Minute} >= $a AND {Rollups.Minute} < $b";
        command.CommandText = withSketch ? $"SELECT {Columns}, {Rollups.Sketch} {InRange}" : $"SELECT {Columns} {InRange}";
        command.Parameters.AddWithValue("$s", seriesId);
        command.Parameters.AddWithValue("$a", fromMinute);
        command.Parameters.AddWithValue("$b", toMinute);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), withSketch ? (byte[])reader.GetValue(5) : null);
        }
    }

    private static List<(long Id, TagSet Tags)> SeriesOf(SqliteConnection connection, string metric)
    {
        using var command = connection.CreateCommand();
        const string Sql = $"SELECT {Series.Id}, {Series.TagsKey} FROM {Series.Table} WHERE {Series.MetricKey} = $m ORDER BY {Series.TagsKey}";
        command.CommandText = Sql;
        command.Parameters.AddWithValue("$m", metric);
        using var reader = command.ExecuteReader();
        var series = new List<(long, TagSet)>();
        while (reader.Read()) series.Add((reader.GetInt64(0), TagSet.Parse(reader.GetString(1))));
        return series;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(paths.ConnectionString);
        connection.Open();
        return connection;
    }
}
