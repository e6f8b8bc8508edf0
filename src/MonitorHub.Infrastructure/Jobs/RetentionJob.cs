using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Jobs;

public sealed record RetentionResult(long SamplesDeleted, long RollupsDeleted)
{
    /// <summary>Prediction logs past their model's <c>retentionDays</c>.</summary>
    public long PredictionsDeleted { get; init; }
}

/// <summary>
/// Deletes raw samples and rollups past their retention. Runs through the writer so it never
/// contends with ingestion for SQLite's write lock, and deletes series by series so each delete
/// uses the (SeriesId, Ts) index instead of scanning the table.
/// </summary>
public sealed partial class RetentionJob(IngestionWriter writer, IOptions<MonitorHubOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";

    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rawCutoffMs = (now - TimeSpan.FromDays(options.Value.Retention.RawDays)).ToUnixTimeMilliseconds();
        var rollupCutoffMinute = (now - TimeSpan.FromDays(options.Value.Retention.RollupDays)).ToUnixTimeMilliseconds() / 60_000;
        var result = await writer.RunAsync((connection, transaction) =>
        {
            long samples = 0, rollups = 0;
            foreach (var seriesId in SeriesIds(connection, transaction))
            {
                samples += Delete(connection, transaction, "DELETE FROM samples WHERE SeriesId = $s AND Ts < $c", seriesId, rawCutoffMs);
                rollups += Delete(connection, transaction, "DELETE FROM rollups WHERE SeriesId = $s AND Minute < $c", seriesId, rollupCutoffMinute);
            }

            // Per-evaluation values behind the rule charts follow the raw-sample retention.
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM rule_evaluations WHERE AtMs < $c";
                command.Parameters.AddWithValue("$c", rawCutoffMs);
                command.ExecuteNonQuery();
            }

            return new RetentionResult(samples, rollups) { PredictionsDeleted = DeletePredictions(connection, transaction, now) };
        }, cancellationToken);
        LogRetention(result.SamplesDeleted, result.RollupsDeleted, result.PredictionsDeleted);
        return result;
    }

    /// <summary>Each model keeps its predictions for its own retentionDays; the delete uses the
    /// (Model, Ts) index, one model at a time.</summary>
    private static long DeletePredictions(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        var models = new List<(string Name, int Days)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT Name, RetentionDays FROM models";
            using var reader = command.ExecuteReader();
            while (reader.Read()) models.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        long deleted = 0;
        foreach (var (name, days) in models)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM predictions WHERE Model = $m AND Ts < $c";
            command.Parameters.AddWithValue("$m", name);
            command.Parameters.AddWithValue("$c", (now - TimeSpan.FromDays(days)).ToUnixTimeMilliseconds());
            deleted += command.ExecuteNonQuery();
        }

        return deleted;
    }

    private static List<long> SeriesIds(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Id FROM series";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static int Delete(SqliteConnection connection, SqliteTransaction transaction, string sql, long seriesId, long cutoff)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", seriesId);
        command.Parameters.AddWithValue("$c", cutoff);
        return command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Samples} raw samples, {Rollups} rollups and {Predictions} predictions")]
    private partial void LogRetention(long samples, long rollups, long predictions);
}
