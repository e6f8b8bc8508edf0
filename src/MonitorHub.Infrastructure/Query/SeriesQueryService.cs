using System.Data.Common;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Query;

public sealed record SeriesResult(TagSet Tags, IReadOnlyList<SeriesPoint> Points);

public sealed record SeriesQueryResult(string Metric, Aggregation Aggregation, SeriesQueryPlan Plan, IReadOnlyList<SeriesResult> Series)
{
    /// <summary>Series matching the query; more than <see cref="Series"/> holds when only the top ones were asked for.</summary>
    public int TotalSeries { get; init; } = Series.Count;
}

/// <summary>
/// Answers chart queries. Whole hours come from the hourly rollups when the step is a whole number
/// of hours, whole five-minute periods from their tier when it is a whole number of five minutes,
/// whole minutes from the minute rollups on long ranges, and the ragged edges from the
/// finer tiers down to raw samples (<see cref="SeriesQueryPlan.Segments"/>), so counts and sums over
/// any range are exact.
/// </summary>
public sealed partial class SeriesQueryService(StoreConnections connections, IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    public DateTimeOffset RawRetentionCutoff => clock.GetUtcNow() - TimeSpan.FromDays(options.Value.Retention.RawDays);

    /// <summary>The longest range a chart may span: as far back as any tier keeps data (the hour tier
    /// outlives the minute rollups, which outlive raw samples; start-up validation keeps that order), and
    /// never less than <see cref="SeriesQueryPlan.MaxRange"/>, so a short retention does not refuse the
    /// page's own 7-day or 30-day ranges.</summary>
    public TimeSpan MaxRange
    {
        get
        {
            var retention = options.Value.Retention;
            var longest = TimeSpan.FromDays(Math.Max(retention.HourlyDays, Math.Max(retention.RollupDays, retention.RawDays)));
            return longest > SeriesQueryPlan.MaxRange ? longest : SeriesQueryPlan.MaxRange;
        }
    }

    /// <summary>Beyond this only five-minute and hourly rollups are left.</summary>
    public DateTimeOffset MinuteRetentionCutoff => clock.GetUtcNow() - TimeSpan.FromDays(options.Value.Retention.RollupDays);

    /// <summary>Beyond this only hourly rollups are left.</summary>
    public DateTimeOffset FiveMinuteRetentionCutoff => clock.GetUtcNow() - TimeSpan.FromDays(options.Value.Retention.EffectiveFiveMinuteDays);

    public SeriesQueryPlan? Plan(DateTimeOffset from, DateTimeOffset to, long? stepSeconds, out ValidationIssue? issue) =>
        SeriesQueryPlan.Create(from, to, stepSeconds, RawRetentionCutoff, out issue, MaxRange, MinuteRetentionCutoff, FiveMinuteRetentionCutoff);

    /// <param name="mergeSeries">Aggregate all matching series into one (overview cards).</param>
    /// <param name="top">Only the series ranked highest over the range, highest first (otherwise all, by tag key).</param>
    public Task<SeriesQueryResult> QueryAsync(
        string metric, SeriesQueryPlan plan, Aggregation aggregation, IReadOnlyDictionary<string, string> tagFilter,
        bool mergeSeries = false, CancellationToken cancellationToken = default, TopSeries? top = null) =>
        Task.Run(() => Query(metric, plan, aggregation, tagFilter, mergeSeries, top), cancellationToken);

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
        var plan = WindowPlan(from, to, useRollups);
        var result = await QueryAsync(metric, plan, aggregation, tagFilter, cancellationToken: cancellationToken);
        return [.. result.Series.Select(s => (s.Tags, s.Points.Count > 0 ? s.Points[^1].V : (double?)null))];
    }

    /// <summary>Minute rollups of every series of a metric over [fromMinute, toMinute), for backtests.</summary>
    public Task<IReadOnlyList<(TagSet Tags, SortedList<long, (long Count, double Sum, double Min, double Max, byte[]? Sketch)> Minutes)>> RollupsAsync(
        string metric, long fromMinute, long toMinute, bool withSketch, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<(TagSet, SortedList<long, (long, double, double, double, byte[]?)>)>>(() =>
        {
            using var connection = Open();
            var series = SeriesOf(connection, metric);
            var minutes = series.Select(_ => new SortedList<long, (long, double, double, double, byte[]?)>()).ToList();
            new SeriesScan(connection, connections.Provider, [.. series.Select(s => s.Id)]).Rollups(StorageTier.Minute, fromMinute, toMinute, withSketch,
                (position, ms, count, sum, min, max, sketch) => minutes[position][ms / 60_000] = (count, sum, min, max, withSketch ? sketch.ToArray() : null));
            return [.. series.Select((s, i) => (s.Tags, minutes[i]))];
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
                    const string Sql = $"SELECT {Samples.Ts}, {Samples.Value} FROM {Samples.Table} WHERE {Samples.SeriesId} = @s ORDER BY {Samples.Ts} DESC LIMIT 1";
                    command.CommandText = Sql;
                    command.Add("s", seriesId);
                    using var reader = command.ExecuteReader();
                    if (!reader.Read()) continue;
                    var point = new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1));
                    if (!latest.TryGetValue(metric, out var known) || point.T > known.T) latest[metric] = point;
                }
            }

            return latest;
        }, cancellationToken);

    /// <summary>
    /// Every matching series (or, with <paramref name="top"/>, the highest ranked of them) in one scan per
    /// plan segment, aggregated straight into a <see cref="BucketGrid"/>.
    /// </summary>
    private SeriesQueryResult Query(string metric, SeriesQueryPlan plan, Aggregation aggregation, IReadOnlyDictionary<string, string> tagFilter, bool mergeSeries, TopSeries? top)
    {
        using var connection = Open();
        var series = SeriesOf(connection, metric).Where(s => s.Tags.Matches(tagFilter)).ToList();
        var total = series.Count;
        if (top is not null && !mergeSeries && series.Count > top.Count) series = Ranked(connection, connections.Provider, series, plan, top);
        var grid = new BucketGrid(plan, aggregation, mergeSeries ? 1 : series.Count);
        Fill(connection, connections.Provider, series, plan, aggregation.IsQuantile(), grid, mergeSeries);
        var results = mergeSeries
            ? [new SeriesResult(TagSet.Empty, grid.Points(0))]
            : series.Select((s, i) => new SeriesResult(s.Tags, grid.Points(i))).ToList();
        return new SeriesQueryResult(metric, aggregation, plan, results) { TotalSeries = total };
    }

    /// <summary>The top series by one aggregate over the whole range, highest first: a first pass with a
    /// single bucket per series (whole hours from the hour tier on long ranges, so it costs a fraction of
    /// the chart), after which the chart reads only the series it draws.</summary>
    private static List<(long Id, TagSet Tags)> Ranked(DbConnection connection, DatabaseProvider provider, List<(long Id, TagSet Tags)> series, SeriesQueryPlan plan, TopSeries top)
    {
        var whole = WindowPlan(plan.From, plan.To, plan.UseRollups);
        var grid = new BucketGrid(whole, top.By, series.Count);
        Fill(connection, provider, series, whole, top.By.IsQuantile(), grid, mergeSeries: false);
        var values = Enumerable.Range(0, series.Count).Select(i => grid.Points(i) is [var only] ? only.V : (double?)null).ToList();
        return [.. top.Pick(values).Select(i => series[i])];
    }

    /// <summary>
    /// Scans a plan's segments for the series into the grid. A raw plan's series that has no raw rows in
    /// the range (a scraped histogram stores its sketch only) is answered from its minutes wholly inside
    /// the range; any other series without raw rows there has no rollups there either, so this never
    /// adds a point raw data would not.
    /// </summary>
    private static void Fill(DbConnection connection, DatabaseProvider provider, List<(long Id, TagSet Tags)> series, SeriesQueryPlan plan, bool quantile, BucketGrid grid, bool mergeSeries)
    {
        var rawRows = new int[series.Count];
        new SeriesScan(connection, provider, [.. series.Select(s => s.Id)]).Plan(plan, quantile,
            (position, ms, value) =>
            {
                rawRows[position]++;
                grid.AddRaw(mergeSeries ? 0 : position, ms, value);
            },
            (position, ms, count, sum, min, max, sketch) => grid.AddRollup(mergeSeries ? 0 : position, ms, count, sum, min, max, sketch));

        if (!plan.UseRollups && Array.IndexOf(rawRows, 0) >= 0)
        {
            var rollupOnly = Enumerable.Range(0, series.Count).Where(i => rawRows[i] == 0).ToList();
            new SeriesScan(connection, provider, [.. rollupOnly.Select(i => series[i].Id)]).Rollups(StorageTier.Minute, plan.FirstFullMinute, plan.EndFullMinute, quantile,
                (position, ms, count, sum, min, max, sketch) => grid.AddRollup(mergeSeries ? 0 : rollupOnly[position], ms, count, sum, min, max, sketch));
        }
    }

    private static List<(long Id, TagSet Tags)> SeriesOf(DbConnection connection, string metric)
    {
        using var command = connection.CreateCommand();
        const string Sql = $"SELECT {Series.Id}, {Series.TagsKey} FROM {Series.Table} WHERE {Series.MetricKey} = @m ORDER BY {Series.TagsKey}";
        command.CommandText = Sql;
        command.Add("m", metric);
        using var reader = command.ExecuteReader();
        var series = new List<(long, TagSet)>();
        while (reader.Read()) series.Add((reader.GetInt64(0), TagSet.Parse(reader.GetString(1))));
        return series;
    }

    private DbConnection Open() => connections.Open();
}
