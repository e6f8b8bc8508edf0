using System.Data;
using MonitorHub.Core;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using Models = MonitorHub.Infrastructure.Persistence.Tables.Models;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Drift;

/// <summary>
/// Stores a validated prediction batch: redacts sensitive features, samples, deduplicates, and hands
/// the new rows with their derived metric samples to the single writer, which commits both in one
/// transaction. The duplicate check runs twice: here on a reader connection (to answer 400s and to
/// derive metrics off the writer thread) and again inside the writer's transaction through the
/// unique (model, id, role, version) index; if a concurrent batch won the race, the writer rolls back and the
/// batch is re-checked, so two requests can never both store the same prediction.
/// </summary>
public sealed class PredictionIngestion(
    IngestionWriter writer, SensitiveFields sensitive, ModelStore models, Deployments.ModelVersionStore versions, StoreConnections connections, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<StoreResult<PredictionIngestResult>> IngestAsync(
        IReadOnlyList<PredictionRecord> predictions, int? keySystemId, CancellationToken cancellationToken = default)
    {
        var settings = new Dictionary<string, ModelSettings>(StringComparer.Ordinal);
        foreach (var model in predictions.Select(p => p.Model).Distinct(StringComparer.Ordinal))
            settings[model] = await models.SettingsAsync(model, cancellationToken);

        if (IngestScope.OtherSystems(predictions.Select(p => p.Model), keySystemId, settings) is { } foreign)
            return StoreResult<PredictionIngestResult>.Forbidden(foreign);
        var redacted = await RedactAsync(predictions, settings, keySystemId, cancellationToken);
        var hashes = redacted.Select(PredictionCanonical.ContentHash).ToArray();
        var keep = redacted.Select(p => PredictionSampling.Keep(p.Model, p.Id, settings[p.Model].SamplingRate)).ToArray();

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var keys = redacted.Where((_, i) => keep[i]).Select(PredictionKey.Of);
            var stored = await PredictionLookup.IdsAsync(connections, keys, cancellationToken);
            var (outcomes, issues) = PredictionIdempotency.Classify(redacted, hashes, keep, stored.Hashes);
            if (issues.Count > 0) return StoreResult<PredictionIngestResult>.Invalid(issues);

            var fresh = Enumerable.Range(0, redacted.Length).Where(i => outcomes[i] == PredictionOutcome.New).ToList();
            var rows = fresh.Select(i => Row(redacted[i], hashes[i], stored.Labels.GetValueOrDefault((redacted[i].Model, redacted[i].Id))))
                .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Ts).ToList();
            // Derived metrics describe the model whose answers are used: shadow and human rows would count the requests twice.
            var live = fresh.Select(i => redacted[i]).Where(p => p.Role == PredictionRole.Live).ToList();
            var derived = Merge(DerivedMetrics.ForPredictions(live), LateLabels(live, stored.Labels));
            var samples = await sensitive.RedactAsync(derived.Samples, keySystemId, cancellationToken);
            var batch = new PreparedBatch(samples) { Definitions = Templates.Of(derived, settings) };
            var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var seen = settings.Keys.ToList();
            var newVersions = versions.Unregistered(fresh.Select(i => redacted[i]));

            if (writer.TryEnqueue(batch, s => Insert(s, rows, seen, newVersions, keySystemId, nowMs), out var committed) == EnqueueResult.QueueFull)
                return StoreResult<PredictionIngestResult>.Busy();
            if (await committed)
            {
                versions.MarkRegistered(newVersions);
                return StoreResult<PredictionIngestResult>.Ok(new(
                    fresh.Count, outcomes.Count(o => o == PredictionOutcome.Duplicate), outcomes.Count(o => o == PredictionOutcome.SampledOut)));
            }
        }

        return StoreResult<PredictionIngestResult>.Busy();
    }

    private async Task<PredictionRecord[]> RedactAsync(
        IReadOnlyList<PredictionRecord> predictions, Dictionary<string, ModelSettings> settings, int? keySystemId, CancellationToken cancellationToken)
    {
        // As for metric tags: the rules of the key's system, then those of the model's own system.
        IReadOnlyList<SensitiveField> keyRules = keySystemId is { } k ? await sensitive.GetAsync(k, cancellationToken) : [];
        var modelRules = new Dictionary<string, IReadOnlyList<SensitiveField>>(StringComparer.Ordinal);
        foreach (var (name, model) in settings)
        {
            modelRules[name] = model.SystemId is { } s && s != keySystemId ? await sensitive.GetAsync(s, cancellationToken) : [];
        }

        var result = new PredictionRecord[predictions.Count];
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = PredictionCanonical.Redact(predictions[i], keyRules, sensitive.Hash);
            result[i] = PredictionCanonical.Redact(p, modelRules[p.Model], sensitive.Hash);
        }

        return result;
    }

    private static PredictionRow Row(PredictionRecord p, string hash, StoredLabel? label) => new(
        p.Model, p.Id, p.Version, PredictionRoles.Name(p.Role), p.TimestampMs, PredictionCanonical.FeaturesJson(p.Features),
        p.Output.Text, p.Output.Number, p.Score, p.LatencyMs, hash, label);

    /// <summary>A live answer logged after its id's label (which joined a shadow or human answer first): the
    /// live model's accuracy counts it now, as if the label had just joined it, with the label's own arrival time.</summary>
    private static DerivedBatch LateLabels(List<PredictionRecord> live, Dictionary<(string Model, string Id), StoredLabel> labels)
    {
        var batches = live.Select(p => (p, Label: labels.GetValueOrDefault((p.Model, p.Id)))).Where(x => x.Label is not null)
            .GroupBy(x => x.Label!.LabelledAtMs)
            .Select(g => DerivedMetrics.ForLabels(g.Select(x => new LabelJoin(x.p.Model, x.p.Id, x.p.Version, x.p.TimestampMs, x.p.Output, x.Label!.Label)),
                DateTimeOffset.FromUnixTimeMilliseconds(g.Key)));
        return batches.Aggregate(new DerivedBatch([], new Dictionary<string, DerivedDefinition>()), Merge);
    }

    private static DerivedBatch Merge(DerivedBatch a, DerivedBatch b)
    {
        if (b.Samples.Count == 0) return a;
        var definitions = new Dictionary<string, DerivedDefinition>(a.Definitions, StringComparer.Ordinal);
        foreach (var (key, d) in b.Definitions) definitions.TryAdd(key, d);
        return new([.. a.Samples, .. b.Samples], definitions);
    }

    /// <summary>Runs on the writer: registers models (a new one in the system of the key that logged it)
    /// and versions not seen before, then inserts the rows. A row that already exists means another batch stored it since our check:
    /// veto, so the caller re-checks.</summary>
    private static bool Insert(
        SqlSession session, List<PredictionRow> rows, List<string> models, List<(string, string)> versions, int? system, long nowMs)
    {
        {
            const string UpsertModel =
                $"INSERT INTO {Models.Table} ({Models.Name}, {Models.SystemId}, {Models.SamplingRate}, {Models.RetentionDays}, {Models.CreatedAtMs}, {Models.LastSeenAtMs}) " +
                $"VALUES (@n, @sys, @r, @d, @now, @now) ON CONFLICT ({Models.Name}) DO UPDATE SET {Models.LastSeenAtMs} = excluded.{Models.LastSeenAtMs}";
            using var upsert = session.Command(UpsertModel);
            var name = upsert.Add("n", DbType.String);
            upsert.Add("r", PredictionLimits.DefaultSamplingRate);
            upsert.Add("d", PredictionLimits.DefaultRetentionDays);
            upsert.Add("now", nowMs);
            upsert.Add("sys", system);
            foreach (var model in models)
            {
                name.Value = model;
                upsert.ExecuteNonQuery();
            }
        }

        Deployments.ModelVersionStore.Register(session, versions, nowMs);
        if (rows.Count == 0) return true;
        const string InsertPrediction =
            $"INSERT INTO {Predictions.Table} ({Predictions.Model}, {Predictions.PredictionId}, {Predictions.Version}, {Predictions.Role}, {Predictions.Ts}, {Predictions.Features}, " +
            $"{Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.Score}, {Predictions.LatencyMs}, {Predictions.ContentHash}, " +
            $"{Predictions.LabelText}, {Predictions.LabelNumber}, {Predictions.LabelledAtMs}) " +
            $"VALUES (@m, @id, @v, @r, @ts, @f, @ot, @on, @s, @l, @h, @lt, @ln, @la) ON CONFLICT ({Predictions.Model}, {Predictions.PredictionId}, {Predictions.Role}, {Predictions.Version}) DO NOTHING";
        using var insert = session.Command(InsertPrediction);
        var p = new[] { "m", "id", "v", "r", "ts", "f", "ot", "on", "s", "l", "h", "lt", "ln", "la" }.Select(n => insert.Add(n, (object?)null)).ToArray();
        insert.Prepare();
        // A label that joined the id after our read would leave this answer unlabelled: veto, and the re-check copies it.
        using var labelled = session.Command($"SELECT 1 FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.PredictionId} = @id AND {Predictions.LabelledAtMs} IS NOT NULL LIMIT 1");
        var labelledModel = labelled.Add("m", DbType.String);
        var labelledId = labelled.Add("id", DbType.String);
        foreach (var row in rows)
        {
            p[0].Value = row.Model;
            p[1].Value = row.Id;
            p[2].Value = row.Version;
            p[3].Value = row.Role;
            p[4].Value = row.Ts;
            p[5].Value = row.FeaturesJson;
            p[6].Value = (object?)row.OutputText ?? DBNull.Value;
            p[7].Value = (object?)row.OutputNumber ?? DBNull.Value;
            p[8].Value = (object?)row.Score ?? DBNull.Value;
            p[9].Value = (object?)row.LatencyMs ?? DBNull.Value;
            p[10].Value = row.Hash;
            p[11].Value = (object?)row.Label?.Label.Text ?? DBNull.Value;
            p[12].Value = (object?)row.Label?.Label.Number ?? DBNull.Value;
            p[13].Value = (object?)row.Label?.LabelledAtMs ?? DBNull.Value;
            if (insert.ExecuteNonQuery() == 0) return false;
            if (row.Label is not null) continue;
            labelledModel.Value = row.Model;
            labelledId.Value = row.Id;
            if (labelled.ExecuteScalar() is not null) return false;
        }

        return true;
    }

    private sealed record PredictionRow(
        string Model, string Id, string Version, string Role, long Ts, string FeaturesJson, string? OutputText, double? OutputNumber, double? Score, double? LatencyMs, string Hash,
        StoredLabel? Label);
}

/// <summary>Catalogue entries for derived keys: classified, and assigned to the model's system.</summary>
internal static class Templates
{
    public static Dictionary<string, DefinitionTemplate> Of(DerivedBatch derived, IReadOnlyDictionary<string, ModelSettings> settings)
    {
        var result = new Dictionary<string, DefinitionTemplate>(StringComparer.Ordinal);
        var systemBySegment = settings.Values.GroupBy(s => PredictionMetricKeys.ModelSegment(s.Name))
            .ToDictionary(g => g.Key, g => g.First().SystemId, StringComparer.Ordinal);
        foreach (var (key, d) in derived.Definitions)
        {
            // Keys are "model.{segment}.…"; the segment names the model (and so its system).
            var segment = key.Split('.')[1];
            result[key] = new DefinitionTemplate(d.DisplayName, d.Category, d.Unit, d.Description, systemBySegment.GetValueOrDefault(segment));
        }

        return result;
    }
}
