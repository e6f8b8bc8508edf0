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
/// Deletes what is past its retention in small steps: each step deletes at most <see cref="RowsPerStep"/>
/// rows or runs for about <see cref="StepBudget"/>, one transaction each. On SQLite the steps run on the
/// writer (so retention never contends with ingestion for the one write lock) and hand it back between
/// steps, so acknowledgements, rule writes and ingestion queued behind it wait a fraction of a second.
/// On PostgreSQL there is no single writer to go through: the steps run on a connection of their own
/// (row locks, not a file lock, keep them apart from the nodes' writers), and Hangfire's distributed lock
/// runs the job on one node per interval. Deletes go series by series (or model by model) so each uses
/// its (SeriesId, Ts) index; a batch is chosen by <c>rowid</c> on SQLite, by <c>ctid</c> on PostgreSQL,
/// and by key in the rollup tiers (<see cref="RollupTable.DeleteBeforeSql"/>, the same on both).
/// </summary>
public sealed partial class RetentionJob(IngestionWriter writer, StoreConnections connections, IOptions<MonitorHubOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
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
            (connections.Sql(DeleteSamples), rawCutoffMs),
            (RollupTable.Minutes.DeleteBeforeSql, Cutoff(RollupTable.Minutes, retention.RollupDays)),
            (RollupTable.FiveMinutes.DeleteBeforeSql, Cutoff(RollupTable.FiveMinutes, retention.EffectiveFiveMinuteDays)),
            (RollupTable.Hours.DeleteBeforeSql, Cutoff(RollupTable.Hours, retention.HourlyDays)),
        };

        var ids = await StepAsync(s => Ids(s, $"SELECT {Series.Id} FROM {Series.Table} ORDER BY {Series.Id}"), cancellationToken);
        var deleted = new long[cutoffs.Length];
        for (var next = 0; next < ids.Count;)
        {
            var from = next;
            next = await StepAsync(s => SeriesStep(s, ids, from, cutoffs, deleted), cancellationToken);
        }

        // Per-evaluation values behind the rule charts follow the raw-sample retention.
        await DeleteAllAsync(Batch(RuleEvaluations.Table, $"{RuleEvaluations.AtMs} < @c"), rawCutoffMs, null, cancellationToken);
        long predictions = 0;
        foreach (var (model, days) in await StepAsync(ModelRetention, cancellationToken))
        {
            predictions += await DeleteAllAsync(
                Batch(Predictions.Table, $"{Predictions.Model} = @m AND {Predictions.Ts} < @c"),
                (now - TimeSpan.FromDays(days)).ToUnixTimeMilliseconds(), model, cancellationToken);
        }

        var notifications = await DeleteAllAsync(
            Batch(Notifications.Table, $"{Notifications.CreatedAtMs} < @c AND {Notifications.Status} IN (1, 3)"),
            (now - TimeSpan.FromDays(NotificationDays)).ToUnixTimeMilliseconds(), null, cancellationToken);
        // By key on both providers: the series table has one.
        var unusedSeries =
            $"DELETE FROM {Series.Table} WHERE {Series.Id} IN (SELECT s.{Series.Id} FROM {Series.Table} s WHERE s.{Series.Id} < @c " +
            $"AND NOT EXISTS (SELECT 1 FROM {Samples.Table} WHERE {Samples.SeriesId} = s.{Series.Id}) " +
            string.Concat(RollupTable.All.Select(t => $"AND NOT {t.AnyOfSeriesSql} ")) + "LIMIT @n)";
        var series = await DeleteAllAsync(new(unusedSeries, unusedSeries),
            ids.Count == 0 ? 0 : ids[^1] + 1, null, cancellationToken);
        // The writer caches series ids: it must forget the ones just deleted before its next commit. (Another
        // node's writer still holding one finds out when its commit fails on the series' foreign key: a
        // failed commit drops its caches, and the client's retry creates the series again.)
        if (series > 0) await writer.RunAsync(_ => 0, cancellationToken, forgetSeries: true);

        var result = new RetentionResult(deleted[0], deleted[1])
        {
            FiveMinuteRollupsDeleted = deleted[2], HourlyRollupsDeleted = deleted[3], PredictionsDeleted = predictions, SeriesDeleted = series, NotificationsDeleted = notifications,
        };
        LogRetention(result.SamplesDeleted, result.RollupsDeleted, result.FiveMinuteRollupsDeleted, result.HourlyRollupsDeleted, result.PredictionsDeleted, result.SeriesDeleted, result.NotificationsDeleted);
        return result;
    }

    private static readonly DialectSql DeleteSamples = Batch(Samples.Table, $"{Samples.SeriesId} = @m AND {Samples.Ts} < @c");

    /// <summary>At most <c>@n</c> rows of <paramref name="table"/> matching <paramref name="where"/>, picked by
    /// the row's physical id: SQLite's <c>rowid</c>, PostgreSQL's <c>ctid</c> (neither has DELETE … LIMIT).</summary>
    private static DialectSql Batch(string table, string where) => new(
        $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where} LIMIT @n)",
        $"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {where} LIMIT @n))");

    /// <summary>One step in a transaction of its own: on SQLite through the writer, on PostgreSQL on a
    /// connection of its own.</summary>
    private Task<T> StepAsync<T>(Func<SqlSession, T> step, CancellationToken cancellationToken)
    {
        if (connections.Provider == DatabaseProvider.Sqlite) return writer.RunAsync(step, cancellationToken);
        return Task.Run(() =>
        {
            using var connection = connections.Open();
            using var transaction = connection.BeginTransaction();
            var result = step(new SqlSession(connection, transaction, connections.Provider));
            transaction.Commit();
            return result;
        }, cancellationToken);
    }

    /// <summary>One step over the series from <paramref name="from"/>: stops when the row or time budget
    /// is spent and returns where the next step starts (the same series if it still has rows to delete).
    /// Each tier of a series is deleted up to its own cutoff; <paramref name="deleted"/> counts per tier
    /// (steps run one after another).</summary>
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
    private async Task<long> DeleteAllAsync(DialectSql statement, long cutoff, object? match, CancellationToken cancellationToken)
    {
        var sql = connections.Sql(statement);
        long total = 0;
        while (true)
        {
            var deleted = await StepAsync(s => Delete(s, sql, match, cutoff, RowsPerStep), cancellationToken);
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
