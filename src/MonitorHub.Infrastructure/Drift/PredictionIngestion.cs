using Microsoft.Data.Sqlite;
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
    IngestionWriter writer, SensitiveFields sensitive, ModelStore models, Deployments.ModelVersionStore versions, DataPaths paths, TimeProvider clock)
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
            var stored = await PredictionLookup.HashesAsync(paths, keys, cancellationToken);
            var (outcomes, issues) = PredictionIdempotency.Classify(redacted, hashes, keep, stored);
            if (issues.Count > 0) return StoreResult<PredictionIngestResult>.Invalid(issues);

            var fresh = Enumerable.Range(0, redacted.Length).Where(i => outcomes[i] == PredictionOutcome.New).ToList();
            var rows = fresh.Select(i => Row(redacted[i], hashes[i])).OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Ts).ToList();
            // Derived metrics describe the model whose answers are used: shadow and human rows would count the requests twice.
            var derived = DerivedMetrics.ForPredictions(fresh.Select(i => redacted[i]).Where(p => p.Role == PredictionRole.Live));
            var samples = await sensitive.RedactAsync(derived.Samples, keySystemId, cancellationToken);
            var batch = new PreparedBatch(samples) { Definitions = Templates.Of(derived, settings) };
            var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var seen = settings.Keys.ToList();
            var newVersions = versions.Unregistered(fresh.Select(i => redacted[i]));

            if (writer.TryEnqueue(batch, (c, t) => Insert(c, t, rows, seen, newVersions, keySystemId, nowMs), out var committed) == EnqueueResult.QueueFull)
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

    private static PredictionRow Row(PredictionRecord p, string hash) => new(
        p.Model, p.Id, p.Version, PredictionRoles.Name(p.Role), p.TimestampMs, PredictionCanonical.FeaturesJson(p.Features),
        p.Output.Text, p.Output.Number, p.Score, p.LatencyMs, hash);

    /// <summary>Runs on the writer: registers models (a new one in the system of the key that logged it)
    /// and versions not seen before, then inserts the rows. A row that already exists means another batch stored it since our check:
    /// veto, so the caller re-checks.</summary>
    private static bool Insert(
        SqliteConnection connection, SqliteTransaction transaction, List<PredictionRow> rows, List<string> models, List<(string, string)> versions, int? system, long nowMs)
    {
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            const string UpsertModel =
                $"INSERT INTO {Models.Table} ({Models.Name}, {Models.SystemId}, {Models.SamplingRate}, {Models.RetentionDays}, {Models.CreatedAtMs}, {Models.LastSeenAtMs}) " +
                $"VALUES ($n, $sys, $r, $d, $now, $now) ON CONFLICT ({Models.Name}) DO UPDATE SET {Models.LastSeenAtMs} = excluded.{Models.LastSeenAtMs}";
            upsert.CommandText = UpsertModel;
            var name = upsert.Parameters.Add("$n", SqliteType.Text);
            upsert.Parameters.AddWithValue("$r", PredictionLimits.DefaultSamplingRate);
            upsert.Parameters.AddWithValue("$d", PredictionLimits.DefaultRetentionDays);
            upsert.Parameters.AddWithValue("$now", nowMs);
            upsert.Parameters.AddWithValue("$sys", system is { } s ? s : DBNull.Value);
            foreach (var model in models)
            {
                name.Value = model;
                upsert.ExecuteNonQuery();
            }
        }

        Deployments.ModelVersionStore.Register(connection, transaction, versions, nowMs);
        if (rows.Count == 0) return true;
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        const string InsertPrediction =
            $"INSERT INTO {Predictions.Table} ({Predictions.Model}, {Predictions.PredictionId}, {Predictions.Version}, {Predictions.Role}, {Predictions.Ts}, {Predictions.Features}, " +
            $"{Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.Score}, {Predictions.LatencyMs}, {Predictions.ContentHash}) " +
            $"VALUES ($m, $id, $v, $r, $ts, $f, $ot, $on, $s, $l, $h) ON CONFLICT ({Predictions.Model}, {Predictions.PredictionId}, {Predictions.Role}, {Predictions.Version}) DO NOTHING";
        insert.CommandText = InsertPrediction;
        var p = new[] { "$m", "$id", "$v", "$r", "$ts", "$f", "$ot", "$on", "$s", "$l", "$h" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        insert.Prepare();
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
            if (insert.ExecuteNonQuery() == 0) return false;
        }

        return true;
    }

    private sealed record PredictionRow(
        string Model, string Id, string Version, string Role, long Ts, string FeaturesJson, string? OutputText, double? OutputNumber, double? Score, double? LatencyMs, string Hash);
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

/// <summary>Reads on a pooled reader connection that ingestion needs before it queues a write.</summary>
internal static class PredictionLookup
{
    private const int Chunk = 500;

    public static Task<Dictionary<PredictionKey, string>> HashesAsync(
        DataPaths paths, IEnumerable<PredictionKey> keys, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = new Dictionary<PredictionKey, string>();
            ForEach(paths, keys.Select(k => (k.Model, k.Id)), $"{Predictions.PredictionId}, {Predictions.ContentHash}, {Predictions.Role}, {Predictions.Version}", (model, reader) =>
                result[new(model, reader.GetString(0), PredictionRoles.Parse(reader.GetString(2)) ?? PredictionRole.Live, reader.GetString(3))] = reader.GetString(1));
            return result;
        }, cancellationToken);

    public static Task<Dictionary<(string Model, string Id), StoredPrediction>> StoredAsync(
        DataPaths paths, IEnumerable<(string Model, string Id)> keys, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = new Dictionary<(string, string), StoredPrediction>();
            const string Columns = $"{Predictions.PredictionId}, {Predictions.Version}, {Predictions.Ts}, {Predictions.OutputText}, {Predictions.OutputNumber}, " +
                                   $"{Predictions.LabelText}, {Predictions.LabelNumber}, {Predictions.LabelledAtMs}, {Predictions.Role}";
            ForEach(paths, keys, Columns, (model, r) =>
            {
                // A label joins every row of the id; the live row (when there is one) stands for them, because its
                // outcome is what the derived accuracy counts.
                var id = r.GetString(0);
                var live = r.GetString(8) == "live";
                if (!live && result.ContainsKey((model, id))) return;
                result[(model, id)] = new StoredPrediction(model, id, r.GetString(1), r.GetInt64(2),
                    PredictionReader.ScalarAt(r, 3), PredictionReader.ScalarAt(r, 5), r.IsDBNull(7) ? null : r.GetInt64(7), live);
            });
            return result;
        }, cancellationToken);

    private static void ForEach(DataPaths paths, IEnumerable<(string Model, string Id)> keys, string columns, Action<string, SqliteDataReader> row)
    {
        const string WhereModelAndIds = $" FROM {Predictions.Table} WHERE {Predictions.Model} = $m AND {Predictions.PredictionId} IN (";
        var byModel = keys.GroupBy(k => k.Model, StringComparer.Ordinal).ToList();
        if (byModel.Count == 0) return;
        using var connection = new SqliteConnection(paths.ConnectionString);
        connection.Open();
        foreach (var group in byModel)
        {
            foreach (var chunk in group.Select(k => k.Id).Distinct(StringComparer.Ordinal).Chunk(Chunk))
            {
                using var command = connection.CreateCommand();
                var names = chunk.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                command.CommandText = $"SELECT {columns}{WhereModelAndIds}{string.Join(',', names)})";
                command.Parameters.AddWithValue("$m", group.Key);
                for (var i = 0; i < chunk.Length; i++) command.Parameters.AddWithValue(names[i], chunk[i]);
                using var reader = command.ExecuteReader();
                while (reader.Read()) row(group.Key, reader);
            }
        }
    }
}
