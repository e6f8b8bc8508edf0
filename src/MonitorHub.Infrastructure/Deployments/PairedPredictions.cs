using System.Data.Common;
using MonitorHub.Core.Automation;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Infrastructure.Persistence;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Reads the prediction log by role for shadow comparisons and the automation evidence: every answer
/// (live, shadow, human) in a window with its label, and the live model's scored, labelled decisions for
/// the threshold curve. One pass over the (model, ts) index per model.
/// </summary>
public sealed class PairedPredictions(StoreConnections connections)
{
    public Task<List<RoleRow>> RowsAsync(IReadOnlyList<string> models, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var rows = new List<RoleRow>();
            const string Sql =
                $"SELECT {Predictions.PredictionId}, {Predictions.Role}, {Predictions.Version}, {Predictions.OutputText}, {Predictions.OutputNumber}, " +
                $"{Predictions.LabelText}, {Predictions.LabelNumber} FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} >= @a AND {Predictions.Ts} < @b";
            ForEachModel(models, from, to, Sql, (model, r) => rows.Add(new RoleRow(
                models.Count == 1 ? r.GetString(0) : model + "\u001f" + r.GetString(0),
                PredictionRoles.Parse(r.GetString(1)) ?? PredictionRole.Live, r.GetString(2), PredictionReader.ScalarAt(r, 3), PredictionReader.ScalarAt(r, 5))));
            return rows;
        }, cancellationToken);

    /// <summary>The live model's labelled classification decisions that carry a score.</summary>
    public Task<List<ScoredOutcome>> ScoredOutcomesAsync(IReadOnlyList<string> models, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var outcomes = new List<ScoredOutcome>();
            const string Sql =
                $"SELECT {Predictions.Score}, {Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.LabelText}, {Predictions.LabelNumber} " +
                $"FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} >= @a AND {Predictions.Ts} < @b" +
                $" AND {Predictions.Score} IS NOT NULL AND {Predictions.LabelledAtMs} IS NOT NULL{SqlFilters.LivePredictions}";
            ForEachModel(models, from, to, Sql, (_, r) =>
            {
                if (LabelOutcome.Of(PredictionReader.ScalarAt(r, 1), PredictionReader.ScalarAt(r, 3)).Correct is { } correct)
                    outcomes.Add(new ScoredOutcome(r.GetDouble(0), correct));
            });
            return outcomes;
        }, cancellationToken);

    private void ForEachModel(IReadOnlyList<string> models, DateTimeOffset from, DateTimeOffset to, string sql, Action<string, DbDataReader> row)
    {
        using var connection = connections.Open();
        foreach (var model in models)
            WindowQuery.Read(connection, sql, model, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), r => row(model, r));
    }
}
