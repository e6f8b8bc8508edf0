using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>A label joined to its stored prediction.</summary>
public sealed record LabelJoin(string Model, string PredictionId, string Version, long PredictionTimestampMs, Scalar Output, Scalar Label)
{
    /// <summary>Whether a live row answered the id (derived accuracy counts only those).</summary>
    public bool IsLive { get; init; } = true;
}

/// <summary>What a label says about its prediction: right or wrong (classification), or how far
/// off (regression). Both null when it cannot be judged.</summary>
public readonly record struct LabelOutcome(bool? Correct, double? AbsoluteError)
{
    /// <summary>
    /// A numeric label against a numeric output is regression. Otherwise it is classification,
    /// compared as text (a numeric class compares by its shortest round-trip form). A prediction
    /// without an output cannot be judged, so it counts as labelled but neither right nor wrong.
    /// </summary>
    public static LabelOutcome Of(Scalar output, Scalar label)
    {
        if (output.IsMissing || label.IsMissing) return default;
        if (label.Number is { } l && output.Number is { } o) return new(null, Math.Abs(o - l));
        return new(string.Equals(output.AsText(), label.AsText(), StringComparison.Ordinal), null);
    }
}

/// <summary>One stored prediction as the performance view reads it.</summary>
public readonly record struct PerformanceRow(long TimestampMs, Scalar Output, Scalar Label, long? LabelledAtMs);

/// <summary>Performance over one bucket. Rates are null when nothing in the bucket could be judged.</summary>
public sealed record PerformanceBucket(
    DateTimeOffset Start,
    long Predictions,
    long Labelled,
    double? LabelledFraction,
    double? Accuracy,
    double? ErrorRate,
    double? Mae,
    double? Rmse,
    double? MedianLabelDelaySeconds);

/// <summary>
/// Aggregates stored predictions into buckets aligned to multiples of the step since the epoch.
/// Reads the predictions table, not the derived samples, so the labelled fraction counts every
/// stored prediction (labelled or not) and is honest.
/// </summary>
public sealed class PerformanceAccumulator(long stepMs)
{
    private readonly SortedDictionary<long, Bucket> _buckets = [];

    public void Add(in PerformanceRow row)
    {
        var start = UnixTime.FloorDiv(row.TimestampMs, stepMs) * stepMs;
        if (!_buckets.TryGetValue(start, out var bucket)) _buckets[start] = bucket = new Bucket();
        bucket.Predictions++;
        if (row.LabelledAtMs is not { } labelledAt || row.Label.IsMissing) return;
        bucket.Labelled++;
        bucket.Delays.Add(Math.Max(0, (labelledAt - row.TimestampMs) / 1000.0));
        var outcome = LabelOutcome.Of(row.Output, row.Label);
        if (outcome.Correct is { } correct)
        {
            bucket.Judged++;
            if (correct) bucket.Correct++;
        }

        if (outcome.AbsoluteError is { } error)
        {
            bucket.Regressed++;
            bucket.AbsSum += error;
            bucket.SquaredSum += error * error;
        }
    }

    public IReadOnlyList<PerformanceBucket> Buckets() => [.. _buckets.Select(b => b.Value.ToBucket(b.Key))];

    /// <summary>All rows as one bucket starting at <paramref name="start"/> (a summary).</summary>
    public PerformanceBucket Total(DateTimeOffset start)
    {
        var total = new Bucket();
        foreach (var b in _buckets.Values) total.Merge(b);
        return total.ToBucket(start.ToUnixTimeMilliseconds());
    }

    public static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private sealed class Bucket
    {
        public long Predictions, Labelled, Judged, Correct, Regressed;
        public double AbsSum, SquaredSum;
        public List<double> Delays { get; } = [];

        public void Merge(Bucket other)
        {
            Predictions += other.Predictions;
            Labelled += other.Labelled;
            Judged += other.Judged;
            Correct += other.Correct;
            Regressed += other.Regressed;
            AbsSum += other.AbsSum;
            SquaredSum += other.SquaredSum;
            Delays.AddRange(other.Delays);
        }

        public PerformanceBucket ToBucket(long startMs) => new(
            DateTimeOffset.FromUnixTimeMilliseconds(startMs),
            Predictions,
            Labelled,
            Predictions == 0 ? null : Labelled / (double)Predictions,
            Judged == 0 ? null : Correct / (double)Judged,
            Judged == 0 ? null : (Judged - Correct) / (double)Judged,
            Regressed == 0 ? null : AbsSum / Regressed,
            Regressed == 0 ? null : Math.Sqrt(SquaredSum / Regressed),
            Median(Delays));
    }
}
