using MonitorHub.Core.Metrics.Interop;
using System.Globalization;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>
/// Turns a parsed scrape into MonitorHub samples. Counters (and the count and sum of histograms and
/// summaries) become the increment since the previous scrape — a value lower than before, or a new
/// <c>_created</c> time, is a restart, so the increment is the new value itself; the first scrape only
/// primes. Gauges and untyped values are samples as they are. A histogram's bucket increments are
/// added to a sketch at one representative value per bucket, as Prometheus's
/// <c>histogram_quantile</c> assumes: the midpoint of a finite bucket, the upper bound for a first
/// bucket (its lower bound taken as 0 when positive) and the highest finite bound for <c>+Inf</c>.
/// A summary is <c>name.count</c>, <c>name.sum</c> and one series per quantile tagged <c>quantile</c>.
/// </summary>
public static class ScrapeMapper
{
    public const string TooManyTags = "too_many_tags";
    public const string TagTooLong = "tag_too_long";
    public const string BadName = "bad_name";
    public const string NotFinite = "not_finite";

    public static ScrapeMapping Map(IReadOnlyList<ExpositionFamily> families, ScrapeSettings settings, CounterState state, DateTimeOffset now)
    {
        var context = new Context(settings, state, now);
        foreach (var family in families)
        {
            if (!settings.Allows(family.Name)) continue;
            switch (family.Type)
            {
                case ExpositionType.Counter:
                    foreach (var s in family.Samples)
                    {
                        if (s.Suffix != "_created") context.Increment(MetricName(family.Name, s.Suffix == "_total" ? "_total" : ""), s.Labels, s.Value, CreatedOf(family, s));
                    }

                    break;
                case ExpositionType.Histogram:
                    MapHistogram(family, context);
                    break;
                case ExpositionType.Summary:
                    MapSummary(family, context);
                    break;
                default:
                    foreach (var s in family.Samples) context.Gauge(MetricName(s.Name, ""), s.Labels, s.Value);
                    break;
            }
        }

        return new ScrapeMapping(context.Samples, context.Sketches, context.Dropped);
    }

    private static string MetricName(string name, string suffix) => (name + suffix).ToLowerInvariant();

    private static void MapSummary(ExpositionFamily family, Context context)
    {
        var name = MetricName(family.Name, "");
        foreach (var s in family.Samples)
        {
            switch (s.Suffix)
            {
                case "_count": context.Increment(name + ".count", s.Labels, s.Value, CreatedOf(family, s)); break;
                case "_sum": context.Increment(name + ".sum", s.Labels, s.Value, CreatedOf(family, s)); break;
                case "": context.Gauge(name, s.Labels, s.Value); break;
            }
        }
    }

    private static void MapHistogram(ExpositionFamily family, Context context)
    {
        var name = MetricName(family.Name, "");
        var buckets = new Dictionary<string, (IReadOnlyList<KeyValuePair<string, string>> Labels, List<(double Le, double Count)> Bounds)>(StringComparer.Ordinal);
        foreach (var s in family.Samples)
        {
            switch (s.Suffix)
            {
                case "_count": context.Increment(name + ".count", s.Labels, s.Value, CreatedOf(family, s)); break;
                case "_sum": context.Increment(name + ".sum", s.Labels, s.Value, CreatedOf(family, s)); break;
                case "_bucket":
                    if (!double.TryParse(s.Label("le"), NumberStyles.Float, CultureInfo.InvariantCulture, out var le) && s.Label("le") is not ("+Inf" or "Inf"))
                    {
                        context.Drop(NotFinite);
                        break;
                    }

                    if (s.Label("le") is "+Inf" or "Inf") le = double.PositiveInfinity;
                    var labels = s.Labels.Where(l => l.Key != "le").ToList();
                    var key = string.Join('\u0001', labels.Select(l => l.Key + "=" + l.Value));
                    if (!buckets.TryGetValue(key, out var series)) buckets[key] = series = (labels, []);
                    series.Bounds.Add((le, s.Value));
                    break;
            }
        }

        foreach (var (labels, bounds) in buckets.Values)
        {
            bounds.Sort((a, b) => a.Le.CompareTo(b.Le));
            context.Histogram(name, labels, [.. bounds.Select(b => b.Le)], [.. bounds.Select(b => b.Count)], CreatedOf(family, labels));
        }
    }

    private static double? CreatedOf(ExpositionFamily family, ExpositionSample sample) => CreatedOf(family, sample.Labels);

    /// <summary>The family's <c>_created</c> line with the same labels, when the target writes one.</summary>
    private static double? CreatedOf(ExpositionFamily family, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        foreach (var s in family.Samples)
        {
            if (s.Suffix == "_created" && s.Labels.Count == labels.Count && labels.All(l => s.Label(l.Key) == l.Value)) return s.Value;
        }

        return null;
    }

    /// <summary>Representative value of bucket (lower, upper] (see the type's remarks).</summary>
    internal static double Representative(double lower, double upper)
    {
        if (double.IsPositiveInfinity(upper)) return double.IsNegativeInfinity(lower) ? 0 : lower;
        if (double.IsNegativeInfinity(lower)) return upper;
        return (lower + upper) / 2;
    }

    private sealed class Context(ScrapeSettings settings, CounterState state, DateTimeOffset now)
    {
        public List<MetricSample> Samples { get; } = [];
        public List<SketchSample> Sketches { get; } = [];
        public Dictionary<string, int> Dropped { get; } = [];
        private readonly Dictionary<string, TagSet?> _tags = new(StringComparer.Ordinal);

        public void Drop(string reason) => Dropped[reason] = Dropped.GetValueOrDefault(reason) + 1;

        public void Gauge(string metric, IReadOnlyList<KeyValuePair<string, string>> labels, double value)
        {
            if (!double.IsFinite(value))
            {
                Drop(NotFinite);
                return;
            }

            if (Tags(metric, labels) is { } tags) Samples.Add(new MetricSample(metric, value, now, tags));
        }

        public void Increment(string metric, IReadOnlyList<KeyValuePair<string, string>> labels, double value, double? created)
        {
            if (!double.IsFinite(value))
            {
                Drop(NotFinite);
                return;
            }

            if (Tags(metric, labels) is not { } tags) return;
            var key = metric + "\u0002" + tags.Key;
            state.Values.TryGetValue(key, out var previous);
            state.Values[key] = new CounterState.Cumulative(value, created);
            if (previous is null) return; // first sight primes
            var restarted = value < previous.Value || (created is { } c && previous.Created is { } p && c != p);
            Samples.Add(new MetricSample(metric, restarted ? value : value - previous.Value, now, tags));
        }

        public void Histogram(string metric, IReadOnlyList<KeyValuePair<string, string>> labels, double[] bounds, double[] cumulative, double? created)
        {
            if (cumulative.Any(c => !double.IsFinite(c) || c < 0))
            {
                Drop(NotFinite);
                return;
            }

            if (Tags(metric, labels) is not { } tags) return;
            var key = metric + "\u0002" + tags.Key;
            state.Histograms.TryGetValue(key, out var previous);
            state.Histograms[key] = new CounterState.HistogramCumulative(bounds, cumulative, created);
            if (previous is null) return;
            // A changed bucket layout cannot be subtracted: treat it as a restart.
            var restarted = !previous.Bounds.AsSpan().SequenceEqual(bounds)
                || (created is { } c && previous.Created is { } p && c != p)
                || cumulative.Where((v, i) => v < previous.Cumulative[i]).Any();
            var sketch = new DDSketch();
            for (var i = 0; i < bounds.Length; i++)
            {
                var inBucket = cumulative[i] - (i > 0 ? cumulative[i - 1] : 0);
                var before = restarted ? 0 : previous.Cumulative[i] - (i > 0 ? previous.Cumulative[i - 1] : 0);
                var lower = i > 0 ? bounds[i - 1] : bounds[i] > 0 ? 0 : double.NegativeInfinity;
                var added = (long)Math.Round(inBucket - before);
                if (added > 0) sketch.Add(Representative(lower, bounds[i]), added);
            }

            if (!sketch.IsEmpty) Sketches.Add(new SketchSample(metric, sketch, now, tags));
        }

        /// <summary>Labels (an empty value is an absent label, as in Prometheus) and the target's
        /// extra tags, which win over a label of the same name; null when past our limits.</summary>
        private TagSet? Tags(string metric, IReadOnlyList<KeyValuePair<string, string>> labels)
        {
            if (metric.Length > IngestionLimits.MaxMetricKeyLength || !IngestionLimits.IsValidMetricKey(metric) || IngestionLimits.IsReserved(metric))
            {
                Drop(BadName);
                return null;
            }

            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in labels)
            {
                if (value.Length > 0) merged[name] = value;
            }

            foreach (var (name, value) in settings.ExtraTags) merged[name] = value;
            if (merged.Count > IngestionLimits.MaxTags)
            {
                Drop(TooManyTags);
                return null;
            }

            foreach (var (name, value) in merged)
            {
                if (name.Length > IngestionLimits.MaxTagKeyLength || value.Length > IngestionLimits.MaxTagValueLength)
                {
                    Drop(TagTooLong);
                    return null;
                }
            }

            var cacheKey = string.Join('\u0001', merged.Select(p => p.Key + "=" + p.Value));
            if (!_tags.TryGetValue(cacheKey, out var tags)) _tags[cacheKey] = tags = TagSet.From(merged);
            return tags;
        }
    }
}
