using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>How a derived metric is registered in the catalogue the first time it is written.</summary>
public sealed record DerivedDefinition(string Key, string DisplayName, MetricCategory Category, string Unit, string Description);

/// <summary>Samples derived from a batch, with the definitions of every key they use.</summary>
public sealed record DerivedBatch(IReadOnlyList<MetricSample> Samples, IReadOnlyDictionary<string, DerivedDefinition> Definitions);

/// <summary>
/// Turns stored predictions into metric samples so inputs and outputs get charts, rollups and alarm
/// rules like any other metric. Per (model, version, minute of prediction time) of one batch:
/// <c>predictions</c> (count), and per feature <c>missing_rate</c> (null or absent among the group's
/// predictions, over the features the group carries), <c>mean</c> (numeric values) and
/// <c>top_share</c> (share of the most frequent category), stamped at the start of the minute.
/// Per prediction: <c>latency_ms</c> and <c>score</c> at the prediction's time. Samples carry a
/// <c>version</c> tag when the prediction has one, so versions can be compared.
/// </summary>
public static class DerivedMetrics
{
    public static DerivedBatch ForPredictions(IEnumerable<PredictionRecord> predictions)
    {
        var samples = new List<MetricSample>();
        var definitions = new Dictionary<string, DerivedDefinition>(StringComparer.Ordinal);
        foreach (var group in predictions.GroupBy(p => (p.Model, p.Version, Minute: UnixTime.MinuteOf(p.TimestampMs))))
        {
            var (model, version, minute) = group.Key;
            var tags = Tags(version);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);
            var rows = group.ToList();
            Add(samples, definitions, ModelDefinition(model, "predictions"), rows.Count, at, tags);
            foreach (var p in rows)
            {
                var t = DateTimeOffset.FromUnixTimeMilliseconds(p.TimestampMs);
                if (p.LatencyMs is { } latency) Add(samples, definitions, ModelDefinition(model, "latency_ms"), latency, t, tags);
                if (p.Score is { } score) Add(samples, definitions, ModelDefinition(model, "score"), score, t, tags);
            }

            foreach (var (name, stats) in FeatureStats(rows))
            {
                Add(samples, definitions, FeatureDefinition(model, name, "missing_rate"), (rows.Count - stats.Present) / (double)rows.Count, at, tags);
                if (stats.NumericCount > 0)
                    Add(samples, definitions, FeatureDefinition(model, name, "mean"), stats.Sum / stats.NumericCount, at, tags);
                if (stats.Categories is { Count: > 0 } categories)
                    Add(samples, definitions, FeatureDefinition(model, name, "top_share"), categories.Values.Max() / (double)categories.Values.Sum(), at, tags);
            }
        }

        return new(samples, definitions);
    }

    /// <summary>
    /// Samples for labels joined now: correctness or errors at the <b>prediction's</b> time (so
    /// performance is charted over prediction time) and the label delay at its arrival.
    /// </summary>
    public static DerivedBatch ForLabels(IEnumerable<LabelJoin> joins, DateTimeOffset arrivedAt)
    {
        var samples = new List<MetricSample>();
        var definitions = new Dictionary<string, DerivedDefinition>(StringComparer.Ordinal);
        foreach (var join in joins)
        {
            var tags = Tags(join.Version);
            var t = DateTimeOffset.FromUnixTimeMilliseconds(join.PredictionTimestampMs);
            var outcome = LabelOutcome.Of(join.Output, join.Label);
            if (outcome.Correct is { } correct)
            {
                Add(samples, definitions, ModelDefinition(join.Model, "correct"), correct ? 1 : 0, t, tags);
                Add(samples, definitions, ModelDefinition(join.Model, "error"), correct ? 0 : 1, t, tags);
            }

            if (outcome.AbsoluteError is { } error)
            {
                Add(samples, definitions, ModelDefinition(join.Model, "abs_error"), error, t, tags);
                Add(samples, definitions, ModelDefinition(join.Model, "squared_error"), error * error, t, tags);
            }

            var delay = Math.Max(0, (arrivedAt.ToUnixTimeMilliseconds() - join.PredictionTimestampMs) / 1000.0);
            Add(samples, definitions, ModelDefinition(join.Model, "label_delay_s"), delay, arrivedAt, tags);
        }

        return new(samples, definitions);
    }

    public static DerivedDefinition ModelDefinition(string model, string stat)
    {
        var key = PredictionMetricKeys.Model(model, stat);
        return stat switch
        {
            "predictions" => new(key, $"{model}: predictions", MetricCategory.Output, "count", "Stored predictions per batch and minute (sum over a range for the total; sampled-out ones are not counted)."),
            "latency_ms" => new(key, $"{model}: latency", MetricCategory.Software, "ms", "Latency reported with each prediction."),
            "score" => new(key, $"{model}: score", MetricCategory.Output, "", "Score (confidence) reported with each prediction."),
            "correct" => new(key, $"{model}: accuracy", MetricCategory.Output, "fraction", "1 per correctly labelled prediction, 0 otherwise, at prediction time: the mean is the accuracy."),
            "error" => new(key, $"{model}: error rate", MetricCategory.Output, "fraction", "1 per wrongly labelled prediction, 0 otherwise, at prediction time: the mean is the error rate."),
            "abs_error" => new(key, $"{model}: absolute error", MetricCategory.Output, "", "|output − label| per labelled prediction, at prediction time: the mean is the MAE."),
            "squared_error" => new(key, $"{model}: squared error", MetricCategory.Output, "", "(output − label)² per labelled prediction, at prediction time: the square root of the mean is the RMSE."),
            "label_delay_s" => new(key, $"{model}: label delay", MetricCategory.Output, "s", "Seconds from prediction to label arrival, at arrival time."),
            _ => throw new ArgumentOutOfRangeException(nameof(stat), stat, "Unknown model statistic."),
        };
    }

    public static DerivedDefinition FeatureDefinition(string model, string feature, string stat)
    {
        var key = PredictionMetricKeys.Feature(model, feature, stat);
        return stat switch
        {
            "missing_rate" => new(key, $"{model}: {feature} missing", MetricCategory.Input, "fraction", $"Share of predictions without a value for '{feature}' (null or absent), per batch and minute."),
            "mean" => new(key, $"{model}: {feature} mean", MetricCategory.Input, "", $"Mean of the numeric values of '{feature}', per batch and minute."),
            "top_share" => new(key, $"{model}: {feature} top category share", MetricCategory.Input, "fraction", $"Share of the most frequent category of '{feature}', per batch and minute."),
            _ => throw new ArgumentOutOfRangeException(nameof(stat), stat, "Unknown feature statistic."),
        };
    }

    private static TagSet Tags(string version) =>
        version.Length == 0 ? TagSet.Empty : TagSet.From([new KeyValuePair<string, string>("version", version)]);

    private static void Add(List<MetricSample> samples, Dictionary<string, DerivedDefinition> definitions, DerivedDefinition definition, double value, DateTimeOffset at, TagSet tags)
    {
        definitions.TryAdd(definition.Key, definition);
        samples.Add(new MetricSample(definition.Key, value, at, tags));
    }

    private sealed class Stats
    {
        public int Present;
        public int NumericCount;
        public double Sum;
        public Dictionary<string, int>? Categories;
    }

    private static SortedDictionary<string, Stats> FeatureStats(List<PredictionRecord> rows)
    {
        var stats = new SortedDictionary<string, Stats>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var feature in row.Features)
            {
                if (!stats.TryGetValue(feature.Name, out var s)) stats[feature.Name] = s = new Stats();
                if (feature.Value.Number is { } number)
                {
                    s.Present++;
                    s.NumericCount++;
                    s.Sum += number;
                }
                else if (feature.Value.Text is { } text)
                {
                    s.Present++;
                    s.Categories ??= new(StringComparer.Ordinal);
                    s.Categories[text] = s.Categories.GetValueOrDefault(text) + 1;
                }
            }
        }

        return stats;
    }
}
