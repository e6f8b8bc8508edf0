using System.Data.Common;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Drift;

/// <summary>A label already joined to an id, and when it arrived.</summary>
internal sealed record StoredLabel(Scalar Label, long LabelledAtMs);

/// <summary>What is stored under a batch's ids: each row's content hash (for idempotency), and the label an
/// id already has (a label joins every answer with that id, those logged after it too).</summary>
internal sealed record StoredIds(Dictionary<PredictionKey, string> Hashes, Dictionary<(string Model, string Id), StoredLabel> Labels);

/// <summary>Reads on a pooled reader connection that ingestion needs before it queues a write.</summary>
internal static class PredictionLookup
{
    private const int Chunk = 500;

    public static Task<StoredIds> IdsAsync(
        StoreConnections connections, IEnumerable<PredictionKey> keys, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = new StoredIds([], []);
            const string Columns = $"{Predictions.PredictionId}, {Predictions.ContentHash}, {Predictions.Role}, {Predictions.Version}, " +
                                   $"{Predictions.LabelText}, {Predictions.LabelNumber}, {Predictions.LabelledAtMs}";
            ForEach(connections, keys.Select(k => (k.Model, k.Id)), Columns, (model, reader) =>
            {
                var id = reader.GetString(0);
                result.Hashes[new(model, id, PredictionRoles.Parse(reader.GetString(2)) ?? PredictionRole.Live, reader.GetString(3))] = reader.GetString(1);
                if (!reader.IsDBNull(6)) result.Labels.TryAdd((model, id), new StoredLabel(PredictionReader.ScalarAt(reader, 4), reader.GetInt64(6)));
            });
            return result;
        }, cancellationToken);

    public static Task<Dictionary<(string Model, string Id), StoredPrediction>> StoredAsync(
        StoreConnections connections, IEnumerable<(string Model, string Id)> keys, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = new Dictionary<(string, string), StoredPrediction>();
            const string Columns = $"{Predictions.PredictionId}, {Predictions.Version}, {Predictions.Ts}, {Predictions.OutputText}, {Predictions.OutputNumber}, " +
                                   $"{Predictions.LabelText}, {Predictions.LabelNumber}, {Predictions.LabelledAtMs}, {Predictions.Role}";
            ForEach(connections, keys, Columns, (model, r) =>
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

    private static void ForEach(StoreConnections connections, IEnumerable<(string Model, string Id)> keys, string columns, Action<string, DbDataReader> row)
    {
        const string WhereModelAndIds = $" FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.PredictionId} IN (";
        var byModel = keys.GroupBy(k => k.Model, StringComparer.Ordinal).ToList();
        if (byModel.Count == 0) return;
        using var connection = connections.Open();
        foreach (var group in byModel)
        {
            foreach (var chunk in group.Select(k => k.Id).Distinct(StringComparer.Ordinal).Chunk(Chunk))
            {
                using var command = connection.CreateCommand();
                var names = chunk.Select((_, i) => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                command.CommandText = $"SELECT {columns}{WhereModelAndIds}{string.Join(',', names.Select(n => "@" + n))})";
                command.Add("m", group.Key);
                for (var i = 0; i < chunk.Length; i++) command.Add(names[i], chunk[i]);
                using var reader = command.ExecuteReader();
                while (reader.Read()) row(group.Key, reader);
            }
        }
    }
}
