using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using Models = MonitorHub.Infrastructure.Persistence.Tables.Models;
using Notifications = MonitorHub.Infrastructure.Persistence.Tables.Notifications;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;
using RuleEvaluations = MonitorHub.Infrastructure.Persistence.Tables.RuleEvaluations;
using Samples = MonitorHub.Infrastructure.Persistence.Tables.Samples;
using Series = MonitorHub.Infrastructure.Persistence.Tables.Series;

namespace MonitorHub.Infrastructure.Jobs;

public sealed record RetentionResult(long SamplesDeleted, long RollupsDeleted)
{
    /// <summary>Prediction logs past their model's <c>retentionDays</c>.</summary>
    public long PredictionsDeleted { get; init; }

    /// <summary>Five-minute rollups past <c>MonitorHub:Retention:FiveMinuteDays</c>.</summary>
    public long FiveMinuteRollupsDeleted { get; init; }

    /// <summary>Hourly rollups past <c>MonitorHub:Retention:HourlyDays</c>.</summary>
    public long HourlyRollupsDeleted { get; init; }

    /// <summary>Series with neither raw samples nor rollups of any tier left: unused for longer than hourly retention.</summary>
    public long SeriesDeleted { get; init; }

    /// <summary>Delivered or failed notifications older than <see cref="RetentionJob.NotificationDays"/>.</summary>
    public long NotificationsDeleted { get; init; }
}

/// <summary>
/// Deletes what is past its retention, through the writer (so it never contends with ingestion for
/// SQLite's write lock) and in small steps: each step deletes at most <see cref="RowsPerStep"/> rows or
/// runs for about <see cref="StepBudget"/>, then hands the writer back, so acknowledgements, rule
/// writes and ingestion queued behind it wait a fraction of a second, never for the whole run.
/// Deletes go series by series (or model by model) so each uses its (SeriesId, Ts) index.
/// </summary>
public sealed partial class RetentionJob(IngestionWriter writer, IOptions<MonitorHubOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";
    public const int RowsPerStep = 5_000;
    public const int NotificationDays = 30;
    public static readonly TimeSpan StepBudget = TimeSpan.FromMilliseconds(200);

    [Hangfire.Queue(JobQueues.Default)]
    [SkipWhenRunning]
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var retention = options.Value.Retention;
        var rawCutoffMs = (now - TimeSpan.FromDays(retention.RawDays)).ToUnixTimeMilliseconds();
        long Cutoff(RollupTable tier, int days) => (now - TimeSpan.FromDays(days)).ToUnixTimeMilliseconds() / tier.UnitMs;
        // Each tier of a series is deleted up to its own cutoff, finest first.
        var cutoffs = new (string Sql, long Cutoff)[]
        {
            (DeleteSamples, rawCutoffMs),
            (RollupTable.Minutes.DeleteBeforeSql, Cutoff(RollupTable.Minutes, retention.RollupDays)),
            (RollupTable.FiveMinutes.DeleteBeforeSql, Cutoff(RollupTable.FiveMinutes, retention.EffectiveFiveMinuteDays)),
            (RollupTable.Hours.DeleteBeforeSql, Cutoff(RollupTable.Hours, retention.HourlyDays)),
        };

        var ids = await writer.RunAsync(s => Ids(s, $"SELECT {Series.Id} FROM {Series.Table} ORDER BY {Series.Id}"), cancellationToken);
        var deleted = new long[cutoffs.Length];
        for (var next = 0; next < ids.Count;)
        {
            var from = next;
            next = await writer.RunAsync(s => SeriesStep(s, ids, from, cutoffs, deleted), cancellationToken);
        }

        // Per-evaluation values behind the rule charts follow the raw-sample retention.
        await DeleteAllAsync(
            $"DELETE FROM {RuleEvaluations.Table} WHERE rowid IN (SELECT rowid FROM {RuleEvaluations.Table} WHERE {RuleEvaluations.AtMs} < @c LIMIT @n)",
            rawCutoffMs, null, cancellationToken);
        long predictions = 0;
        foreach (var (model, days) in await writer.RunAsync(ModelRetention, cancellationToken))
        {
            predictions += await DeleteAllAsync(
                $"DELETE FROM {Predictions.Table} WHERE rowid IN (SELECT rowid FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} < @c LIMIT @n)",
                (now - TimeSpan.FromDays(days)).ToUnixTimeMilliseconds(), model, cancellationToken);
        }

        var notifications = await DeleteAllAsync(
            $"DELETE FROM {Notifications.Table} WHERE rowid IN (SELECT rowid FROM {Notifications.Table} " +
            $"WHERE {Notifications.CreatedAtMs} < @c AND {Notifications.Status} IN (1, 3) LIMIT @n)",
            (now - TimeSpan.FromDays(NotificationDays)).ToUnixTimeMilliseconds(), null, cancellationToken);
        var series = await DeleteAllAsync(
            $"DELETE FROM {Series.Table} WHERE {Series.Id} IN (SELECT s.{Series.Id} FROM {Series.Table} s WHERE s.{Series.Id} < @c " +
            $"AND NOT EXISTS (SELECT 1 FROM {Samples.Table} WHERE {Samples.SeriesId} = s.{Series.Id}) " +
            string.Concat(RollupTable.All.Select(t => $"AND NOT {t.AnyOfSeriesSql} ")) + "LIMIT @n)",
            ids.Count == 0 ? 0 : ids[^1] + 1, null, cancellationToken);
        // The writer caches series ids: it must forget the ones just deleted before its next commit.
        if (series > 0) await writer.RunAsync(_ => 0, cancellationToken, forgetSeries: true);

        var result = new RetentionResult(deleted[0], deleted[1])
        {
            FiveMinuteRollupsDeleted = deleted[2], HourlyRollupsDeleted = deleted[3], PredictionsDeleted = predictions, SeriesDeleted = series, NotificationsDeleted = notifications,
        };
        LogRetention(result.SamplesDeleted, result.RollupsDeleted, result.FiveMinuteRollupsDeleted, result.HourlyRollupsDeleted, result.PredictionsDeleted, result.SeriesDeleted, result.NotificationsDeleted);
        return result;
    }

    private const string DeleteSamples =
        $"DELETE FROM {Samples.Table} WHERE rowid IN (SELECT rowid FROM {Samples.Table} WHERE {Samples.SeriesId} = @m AND {Samples.Ts} < @c LIMIT @n)";

    /// <summary>One step over the series from <paramref name="from"/>: stops when the row or time budget
    /// is spent and returns where the next step starts (the same series if it still has rows to delete).
    /// Each tier of a series is deleted up to its own cutoff; <paramref name="deleted"/> counts per tier
    /// (steps run one after another on the writer).</summary>
    private static int SeriesStep(SqlSession session, List<long> ids, int from, (string Sql, long Cutoff)[] tiers, long[] deleted)
    {
        var clock = Stopwatch.StartNew();
        var budget = RowsPerStep;
        for (var i = from; i < ids.Count; i++)
        {
            for (var t = 0; t < tiers.Length; t++)
            {
                var rows = Delete(session, tiers[t].Sql, ids[i], tiers[t].Cutoff, budget);
                deleted[t] += rows;
                budget -= rows;
                if (budget == 0) return i;
            }

            if (clock.Elapsed >= StepBudget) return i + 1;
        }

        return ids.Count;
    }

    /// <summary>Runs a bounded delete (<c>@c</c> cutoff, <c>@m</c> match, <c>@n</c> limit) step after step until it deletes fewer than a full step.</summary>
    private async Task<long> DeleteAllAsync(string sql, long cutoff, object? match, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var deleted = await writer.RunAsync(s => Delete(s, sql, match, cutoff, RowsPerStep), cancellationToken);
            total += deleted;
            if (deleted < RowsPerStep) return total;
        }
    }

    private static int Delete(SqlSession session, string sql, object? match, long cutoff, int limit)
    {
        using var command = session.Command(sql);
        if (match is not null) command.Add("m", match);
        command.Add("c", cutoff);
        command.Add("n", limit);
        return command.ExecuteNonQuery();
    }

    private static List<(string Name, int Days)> ModelRetention(SqlSession session)
    {
        using var command = session.Command($"SELECT {Models.Name}, {Models.RetentionDays} FROM {Models.Table}");
        using var reader = command.ExecuteReader();
        var models = new List<(string, int)>();
        while (reader.Read()) models.Add((reader.GetString(0), reader.GetInt32(1)));
        return models;
    }

    private static List<long> Ids(SqlSession session, string sql)
    {
        using var command = session.Command(sql);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Retention deleted {Samples} raw samples, {Rollups} minute rollups, {FiveMinuteRollups} five-minute rollups, {HourlyRollups} hourly rollups, {Predictions} predictions, {Series} unused series and {Notifications} old notifications")]
    private partial void LogRetention(long samples, long rollups, long fiveMinuteRollups, long hourlyRollups, long predictions, long series, long notifications);
}
