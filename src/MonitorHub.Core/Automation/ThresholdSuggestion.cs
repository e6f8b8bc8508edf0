namespace MonitorHub.Core.Automation;

/// <summary>One labelled decision of the model: its confidence score and whether it was right.</summary>
public readonly record struct ScoredOutcome(double Score, bool Correct);

/// <summary>At threshold τ: how many labelled requests the model would decide (score ≥ τ), how many of those it
/// got right (precision), and their share of all labelled requests (traffic automated).</summary>
public sealed record ThresholdPoint(double Threshold, long Automated, double? Precision, double ShareAutomated);

public sealed record ThresholdCurve(long Labelled, double TargetPrecision, double? Suggested, IReadOnlyList<ThresholdPoint> Points);

/// <summary>
/// Suggests τ for partial automation from the labelled log: the lowest τ whose precision reaches the
/// target, because the lowest such τ automates the most traffic. Precision is not monotone in τ, so every
/// candidate is checked rather than the first crossing assumed.
/// </summary>
public static class ThresholdSuggestion
{
    /// <summary>Candidates τ = 0, 1/steps, …, 1.</summary>
    public static ThresholdCurve Compute(IReadOnlyList<ScoredOutcome> outcomes, double targetPrecision, int steps = 100)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var sorted = outcomes.Where(o => double.IsFinite(o.Score)).OrderByDescending(o => o.Score).ToArray();
        var points = new ThresholdPoint[steps + 1];
        // Walk τ downwards, adding the outcomes that reach it: one pass over the sorted scores.
        long automated = 0, correct = 0;
        var next = 0;
        for (var i = steps; i >= 0; i--)
        {
            var tau = i / (double)steps;
            while (next < sorted.Length && sorted[next].Score >= tau)
            {
                automated++;
                if (sorted[next].Correct) correct++;
                next++;
            }

            points[i] = new ThresholdPoint(tau, automated, automated == 0 ? null : correct / (double)automated,
                sorted.Length == 0 ? 0 : automated / (double)sorted.Length);
        }

        var suggested = points.FirstOrDefault(p => p.Precision >= targetPrecision)?.Threshold;
        return new ThresholdCurve(sorted.Length, targetPrecision, suggested, points);
    }
}
