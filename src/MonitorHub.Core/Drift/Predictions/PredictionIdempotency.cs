using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

public enum PredictionOutcome
{
    /// <summary>Stored now.</summary>
    New,

    /// <summary>The same (model, id, role, version) with the same content was stored before or earlier in the batch.</summary>
    Duplicate,

    /// <summary>Not kept by the model's sampling rate; neither stored nor used for metrics.</summary>
    SampledOut,
}

/// <summary>
/// Decides, for a redacted batch, which predictions are new, duplicates or sampled out. The same
/// (model, id, role, version) with different content — earlier in the batch or already stored — is an error that
/// rejects the whole batch, so a client never silently loses a changed prediction.
/// </summary>
/// <summary>A stored prediction's identity: the same request may be answered once per role and version.</summary>
public readonly record struct PredictionKey(string Model, string Id, PredictionRole Role, string Version)
{
    public static PredictionKey Of(PredictionRecord p) => new(p.Model, p.Id, p.Role, p.Version);
}

public static class PredictionIdempotency
{
    /// <param name="hashes">Content hash per prediction (<see cref="PredictionCanonical.ContentHash"/>).</param>
    /// <param name="keep">Sampling decision per prediction.</param>
    /// <param name="stored">Hashes already stored, by (model, id, role, version); needs only the kept ones.</param>
    public static (PredictionOutcome[] Outcomes, IReadOnlyList<ValidationIssue> Issues) Classify(
        IReadOnlyList<PredictionRecord> predictions,
        IReadOnlyList<string> hashes,
        IReadOnlyList<bool> keep,
        IReadOnlyDictionary<PredictionKey, string> stored)
    {
        var outcomes = new PredictionOutcome[predictions.Count];
        var issues = new List<ValidationIssue>();
        var firstSeen = new Dictionary<PredictionKey, int>(predictions.Count);
        for (var i = 0; i < predictions.Count; i++)
        {
            var key = PredictionKey.Of(predictions[i]);
            if (firstSeen.TryGetValue(key, out var first))
            {
                if (hashes[first] == hashes[i]) outcomes[i] = PredictionOutcome.Duplicate;
                else issues.Add(new(i, "id", $"Prediction '{key.Id}' ({PredictionRoles.Name(key.Role)}, version '{key.Version}') of model '{key.Model}' appears at index {first} with different content."));
                continue;
            }

            firstSeen[key] = i;
            if (!keep[i])
            {
                outcomes[i] = PredictionOutcome.SampledOut;
            }
            else if (stored.TryGetValue(key, out var storedHash))
            {
                if (storedHash == hashes[i]) outcomes[i] = PredictionOutcome.Duplicate;
                else issues.Add(new(i, "id", $"Prediction '{key.Id}' ({PredictionRoles.Name(key.Role)}, version '{key.Version}') of model '{key.Model}' is already stored with different content."));
            }
            else
            {
                outcomes[i] = PredictionOutcome.New;
            }
        }

        return (outcomes, issues);
    }
}
