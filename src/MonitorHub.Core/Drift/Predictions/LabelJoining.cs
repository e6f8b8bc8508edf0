using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>A stored prediction as label joining needs it.</summary>
/// <param name="IsLive">False when the id has only shadow or human rows: the label is stored on them, but
/// the live model's accuracy does not count it.</param>
public sealed record StoredPrediction(string Model, string Id, string Version, long TimestampMs, Scalar Output, Scalar Label, long? LabelledAtMs, bool IsLive = true)
{
    public bool IsLabelled => LabelledAtMs is not null;
}

/// <summary>What a label batch does: labels to join now, ids with no stored prediction (sampled out,
/// past retention or never sent), and labels already recorded.</summary>
public sealed record LabelPlan(IReadOnlyList<LabelJoin> Joins, IReadOnlyList<string> Unknown, int AlreadyLabelled, IReadOnlyList<ValidationIssue> Issues);

/// <summary>
/// Joins delayed labels to stored predictions. Re-sending the same label is idempotent; a label
/// different from the one already recorded (or from one earlier in the batch) rejects the batch,
/// because silently replacing ground truth would rewrite past accuracy.
/// </summary>
public static class LabelJoining
{
    public static LabelPlan Plan(IReadOnlyList<LabelRecord> labels, IReadOnlyDictionary<(string Model, string Id), StoredPrediction> stored)
    {
        var joins = new List<LabelJoin>();
        var unknown = new List<string>();
        var already = 0;
        var issues = new List<ValidationIssue>();
        var firstSeen = new Dictionary<(string, string), int>();
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var key = (label.Model, label.PredictionId);
            if (firstSeen.TryGetValue(key, out var first))
            {
                if (labels[first].Label == label.Label) already++;
                else issues.Add(new(i, "label", $"Prediction '{label.PredictionId}' gets a different label at index {first} of this batch."));
                continue;
            }

            firstSeen[key] = i;
            if (!stored.TryGetValue(key, out var prediction))
            {
                unknown.Add(label.PredictionId);
            }
            else if (prediction.IsLabelled)
            {
                if (prediction.Label == label.Label) already++;
                else issues.Add(new(i, "label", $"Prediction '{label.PredictionId}' already has a different label."));
            }
            else
            {
                joins.Add(new LabelJoin(prediction.Model, prediction.Id, prediction.Version, prediction.TimestampMs, prediction.Output, label.Label) { IsLive = prediction.IsLive });
            }
        }

        return new(joins, unknown, already, issues);
    }
}
