using System.Text.Json;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Query;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Gathers each arm's data for one analysis window, per metric, overall and per slice value — the
/// judge's input. Samples metrics come from raw samples (the series query's window read) split by the
/// deployment's version tag; error rate, accuracy and output drift come from the prediction log split
/// by the logged version (live and shadow rows; a candidate in blue-green's pre-switch analysis answers
/// in shadow), with labels joined on the same rows. Slices are tag values on samples and
/// feature values on predictions. An arm with nothing in the window is gathered empty, so the judge
/// can call it noData rather than the gathering leaving it out.
/// </summary>
public sealed class ArmGathering(SeriesQueryService series, StoreConnections connections)
{
    public async Task<IReadOnlyList<ArmPair>> GatherAsync(Deployment d, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var pairs = new List<ArmPair>();
        PredictionArms? predictions = null;
        foreach (var metric in d.Spec.Analysis.Metrics)
        {
            if (metric.Kind is AnalysisMetricKind.Samples or AnalysisMetricKind.ErrorRate)
            {
                var raw = await series.RawWindowAsync(metric.Name, from, to, cancellationToken);
                if (metric.Kind == AnalysisMetricKind.Samples || raw.Count > 0)
                {
                    pairs.AddRange(FromSamples(d, metric, raw));
                    continue;
                }
            }

            predictions ??= await Task.Run(() => ReadPredictions(d, from, to), cancellationToken);
            pairs.AddRange(predictions.Pairs(metric));
        }

        return pairs;
    }

    /// <summary>Samples split by version tag; for an error-rate metric, samples above 0 count as errors.</summary>
    internal static IEnumerable<ArmPair> FromSamples(Deployment d, AnalysisMetricSpec metric, IReadOnlyList<(TagSet Tags, List<(long Ts, double Value)> Samples)> raw)
    {
        var groups = new Dictionary<(string? Tag, string? Value), (List<double> Baseline, List<double> Candidate)>();
        foreach (var (tags, samples) in raw)
        {
            if (!tags.TryGet(d.Spec.VersionTag, out var version)) continue;
            var candidate = string.Equals(version, d.Spec.Candidate, StringComparison.Ordinal);
            if (!candidate && !string.Equals(version, d.Spec.Baseline, StringComparison.Ordinal)) continue;
            foreach (var key in Keys(d, name => tags.TryGet(name, out var value) ? value : null))
            {
                if (!groups.TryGetValue(key, out var arms)) groups[key] = arms = ([], []);
                (candidate ? arms.Candidate : arms.Baseline).AddRange(samples.Select(s => s.Value));
            }
        }

        return Pairs(metric.Name, groups, values => metric.Kind == AnalysisMetricKind.ErrorRate
            ? new ArmData([], values.Count(v => v > 0), values.Count, values.Count)
            : new ArmData([.. values]));
    }

    /// <summary>The overall key (null, null) and one per slice tag the row has a value for.</summary>
    private static IEnumerable<(string? Tag, string? Value)> Keys(Deployment d, Func<string, string?> valueOf)
    {
        yield return (null, null);
        foreach (var slice in d.Spec.Analysis.Slices)
        {
            if (valueOf(slice) is { } value) yield return (slice, value);
        }
    }

    /// <summary>Overall first, then slices by tag and value, so runs list their metrics in a stable order;
    /// the overall pair is there even when neither arm had data.</summary>
    private static IEnumerable<ArmPair> Pairs<T>(string metric, Dictionary<(string? Tag, string? Value), (T Baseline, T Candidate)> groups, Func<T, ArmData> arm)
        where T : new()
    {
        if (!groups.ContainsKey((null, null))) groups[(null, null)] = (new T(), new T());
        return groups.OrderBy(g => g.Key.Tag is null ? 0 : 1).ThenBy(g => g.Key.Tag, StringComparer.Ordinal).ThenBy(g => g.Key.Value, StringComparer.Ordinal)
            .Select(g => new ArmPair(metric, g.Key.Tag, g.Key.Value, arm(g.Value.Baseline), arm(g.Value.Candidate)));
    }

    private PredictionArms ReadPredictions(Deployment d, DateTimeOffset from, DateTimeOffset to)
    {
        var arms = new PredictionArms();
        var slices = d.Spec.Analysis.Slices;
        using var connection = connections.Open();
        const string Sql =
            $"SELECT {Predictions.Version}, {Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.LabelText}, {Predictions.LabelNumber}, " +
            $"{Predictions.Features} FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} >= @a AND {Predictions.Ts} < @b " +
            $"AND {Predictions.Role} <> 'human'";
        WindowQuery.Read(connection, Sql, d.Spec.Model, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), reader =>
        {
            var version = reader.GetString(0);
            var candidate = string.Equals(version, d.Spec.Candidate, StringComparison.Ordinal);
            if (!candidate && !string.Equals(version, d.Spec.Baseline, StringComparison.Ordinal)) return;
            var output = PredictionReader.ScalarAt(reader, 1);
            var outcome = LabelOutcome.Of(output, PredictionReader.ScalarAt(reader, 3));
            var features = slices.Count == 0 ? null : SliceValues(reader.GetString(5), slices);
            foreach (var key in Keys(d, name => features?.GetValueOrDefault(name)))
                arms.Add(key, candidate, output.Number, outcome.Correct);
        });

        return arms;
    }

    /// <summary>The named features' values as text (numbers in their JSON spelling), one pass over the object.</summary>
    private static Dictionary<string, string> SliceValues(string json, IReadOnlyList<string> names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!names.Contains(name)) reader.Skip();
            else if (reader.TokenType == JsonTokenType.String) values[name] = reader.GetString()!;
            else if (reader.TokenType == JsonTokenType.Number) values[name] = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            else reader.Skip();
        }

        return values;
    }

    /// <summary>Per slice key and arm: predictions, judged labels, correct ones and numeric outputs.</summary>
    private sealed class PredictionArms
    {
        private readonly Dictionary<(string? Tag, string? Value), (Counts Baseline, Counts Candidate)> _groups = [];

        public void Add((string? Tag, string? Value) key, bool candidate, double? output, bool? correct)
        {
            if (!_groups.TryGetValue(key, out var arms)) _groups[key] = arms = (new(), new());
            var counts = candidate ? arms.Candidate : arms.Baseline;
            counts.Predictions++;
            if (correct is { } c)
            {
                counts.Labelled++;
                if (c) counts.Correct++;
            }

            if (output is { } o) counts.Outputs.Add(o);
        }

        /// <summary>Error rate and accuracy: successes of the labelled (Trials) out of all predictions (Expected),
        /// so the judge can hold the labelled fraction to minLabelledFraction. Output drift: numeric outputs.</summary>
        public IEnumerable<ArmPair> Pairs(AnalysisMetricSpec metric) => ArmGathering.Pairs(metric.Name, _groups, c => metric.Kind switch
        {
            AnalysisMetricKind.ErrorRate => new ArmData([], c.Labelled - c.Correct, c.Labelled, c.Predictions),
            AnalysisMetricKind.Accuracy => new ArmData([], c.Correct, c.Labelled, c.Predictions),
            _ => new ArmData([.. c.Outputs], 0, 0, c.Predictions),
        });
    }

    private sealed class Counts
    {
        public long Predictions { get; set; }
        public long Labelled { get; set; }
        public long Correct { get; set; }
        public List<double> Outputs { get; } = [];
    }
}
