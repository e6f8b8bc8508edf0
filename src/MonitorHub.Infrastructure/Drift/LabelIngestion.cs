using System.Data;
using MonitorHub.Core;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Drift;

/// <summary>
/// Joins delayed labels to stored predictions and writes the performance samples they yield, both
/// in one writer transaction. As with predictions, the check made here is repeated inside the
/// transaction (only unlabelled rows are updated); losing a race means a re-check, never a
/// double-counted label.
/// </summary>
public sealed class LabelIngestion(IngestionWriter writer, SensitiveFields sensitive, ModelStore models, StoreConnections connections, TimeProvider clock)
{
    public const int MaxUnknownListed = 100;
    private const int Attempts = 3;

    public async Task<StoreResult<LabelIngestResult>> IngestAsync(
        IReadOnlyList<LabelRecord> labels, int? keySystemId, CancellationToken cancellationToken = default)
    {
        if (keySystemId is not null)
        {
            var settings = new Dictionary<string, ModelSettings>(StringComparer.Ordinal);
            foreach (var model in labels.Select(l => l.Model).Distinct(StringComparer.Ordinal)) settings[model] = await models.SettingsAsync(model, cancellationToken);
            if (IngestScope.OtherSystems(labels.Select(l => l.Model), keySystemId, settings) is { } foreign)
                return StoreResult<LabelIngestResult>.Forbidden(foreign);
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await PredictionLookup.StoredAsync(connections, labels.Select(l => (l.Model, l.PredictionId)), cancellationToken);
            var plan = LabelJoining.Plan(labels, stored);
            if (plan.Issues.Count > 0) return StoreResult<LabelIngestResult>.Invalid(plan.Issues);
            var result = new LabelIngestResult(plan.Joins.Count, [.. plan.Unknown.Take(MaxUnknownListed)], plan.Unknown.Count, plan.AlreadyLabelled);
            if (plan.Joins.Count == 0) return StoreResult<LabelIngestResult>.Ok(result);

            var now = clock.GetUtcNow();
            var settings = new Dictionary<string, ModelSettings>(StringComparer.Ordinal);
            foreach (var model in plan.Joins.Select(j => j.Model).Distinct(StringComparer.Ordinal))
                settings[model] = await models.SettingsAsync(model, cancellationToken);
            var derived = DerivedMetrics.ForLabels([.. plan.Joins.Where(j => j.IsLive)], now);
            var samples = await sensitive.RedactAsync(derived.Samples, keySystemId, cancellationToken);
            var batch = new PreparedBatch(samples) { Definitions = Templates.Of(derived, settings) };
            var nowMs = now.ToUnixTimeMilliseconds();

            if (writer.TryEnqueue(batch, s => Update(s, plan.Joins, nowMs), out var committed) == EnqueueResult.QueueFull)
                return StoreResult<LabelIngestResult>.Busy();
            if (await committed) return StoreResult<LabelIngestResult>.Ok(result);
        }

        return StoreResult<LabelIngestResult>.Busy();
    }

    /// <summary>On the writer: label each still-unlabelled prediction — every row of the id (live, shadow and
    /// human answers alike), so each comparison is paired; an id whose rows are gone or labelled meanwhile vetoes the transaction.</summary>
    private static bool Update(SqlSession session, IReadOnlyList<LabelJoin> joins, long nowMs)
    {
        const string Sql = $"UPDATE {Predictions.Table} SET {Predictions.LabelText} = @lt, {Predictions.LabelNumber} = @ln, {Predictions.LabelledAtMs} = @at " +
                           $"WHERE {Predictions.Model} = @m AND {Predictions.PredictionId} = @id AND {Predictions.LabelledAtMs} IS NULL";
        using var update = session.Command(Sql);
        var text = update.Add("lt", DbType.String);
        var number = update.Add("ln", DbType.Double);
        update.Add("at", nowMs);
        var model = update.Add("m", DbType.String);
        var id = update.Add("id", DbType.String);
        foreach (var join in joins)
        {
            text.Value = (object?)join.Label.Text ?? DBNull.Value;
            number.Value = (object?)join.Label.Number ?? DBNull.Value;
            model.Value = join.Model;
            id.Value = join.PredictionId;
            if (update.ExecuteNonQuery() == 0) return false;
        }

        return true;
    }
}
