using MonitorHub.Core.Metrics.Interop;
using System.Globalization;

namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>
/// Turns a parsed scrape into MonitorHub samples. Counters (and the count and sum of histograms and
/// summaries) become the increment since the previous scrape — a value lower than before, or a new
/// <c>_created</c> time, is a restart, so the increment is the new value itself; the first scrape only
/// primes. Gauges and untyped values are samples as they are. A histogram's bucket increments become
/// an <see cref="ExplicitHistogram"/> merged into the minute's sketch, exactly as an OTLP histogram is
/// (one representative value per bucket; see <see cref="ExplicitHistogram.ToSketch"/>), with its
/// <c>_sum</c> as the sketch's exact sum. Cumulative state lives in <see cref="CumulativeTracker{T}"/>,
/// the OTLP receiver's, remembered only once the scrape is stored (<see cref="ScrapeMapping.Committed"/>).
/// A summary is <c>name.count</c>, <c>name.sum</c> and one series per quantile tagged <c>quantile</c>.
/// </summary>
public static class ScrapeMapper
{
    public const string TooManyTags = "too_many_tags";
    public const string TagTooLong = "tag_too_long";
    public const string BadName = "bad_name";
    public const string NotFinite = "not_finite";
    public const string BadHistogram = "bad_histogram";

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

        return new ScrapeMapping(context.Samples, context.Sketches, context.Dropped) { AfterCommit = context.AfterCommit };
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
        var series = new Dictionary<string, HistogramLines>(StringComparer.Ordinal);
        HistogramLines Lines(ExpositionSample s, bool withoutLe)
        {
            var labels = withoutLe ? s.Labels.Where(l => l.Key != "le").ToList() : s.Labels;
            var key = string.Join('\u0001', labels.Select(l => l.Key + "=" + l.Value));
            if (!series.TryGetValue(key, out var lines)) series[key] = lines = new HistogramLines(labels);
            return lines;
        }

        foreach (var s in family.Samples)
        {
            switch (s.Suffix)
            {
                case "_count": context.Increment(name + ".count", s.Labels, s.Value, CreatedOf(family, s)); break;
                case "_sum":
                    context.Increment(name + ".sum", s.Labels, s.Value, CreatedOf(family, s));
                    Lines(s, withoutLe: false).Sum = s.Value;
                    break;
                case "_bucket":
                    var le = s.Label("le");
                    if (le is "+Inf" or "Inf") Lines(s, withoutLe: true).Buckets.Add((double.PositiveInfinity, s.Value));
                    else if (double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound)) Lines(s, withoutLe: true).Buckets.Add((bound, s.Value));
                    else context.Drop(NotFinite);
                    break;
            }
        }

        foreach (var lines in series.Values)
        {
            if (lines.Buckets.Count > 0) context.Histogram(name, lines.Labels, lines.Buckets, lines.Sum, CreatedOf(family, lines.Labels));
        }
    }

    /// <summary>One histogram series' <c>_bucket</c> lines (cumulative counts by <c>le</c>) and its <c>_sum</c>.</summary>
    private sealed class HistogramLines(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;
        public List<(double Le, double Count)> Buckets { get; } = [];
        public double? Sum { get; set; }
    }

    /// <summary>
    /// Prometheus's cumulative <c>le</c> buckets as an <see cref="ExplicitHistogram"/> (counts per bucket):
    /// the <c>+Inf</c> bucket is the one past the last bound (0 when a target leaves it out). Null when a
    /// count is not finite or negative.
    /// </summary>
    internal static ExplicitHistogram? FromCumulative(List<(double Le, double Count)> buckets, double? sum)
    {
        buckets.Sort((a, b) => a.Le.CompareTo(b.Le));
        var withInf = double.IsPositiveInfinity(buckets[^1].Le);
        var bounds = new double[withInf ? buckets.Count - 1 : buckets.Count];
        var counts = new long[bounds.Length + 1];
        var below = 0.0;
        for (var i = 0; i < buckets.Count; i++)
        {
            var (le, cumulative) = buckets[i];
            if (!double.IsFinite(cumulative) || cumulative < 0) return null;
            if (i < bounds.Length) bounds[i] = le;
            counts[i] = (long)Math.Round(cumulative - below);
            below = cumulative;
        }

        return new ExplicitHistogram(bounds, counts, sum is { } s && double.IsFinite(s) ? s : null, null, null);
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

        public List<Action> AfterCommit { get; } = [];

        public void Increment(string metric, IReadOnlyList<KeyValuePair<string, string>> labels, double value, double? created)
        {
            if (!double.IsFinite(value))
            {
                Drop(NotFinite);
                return;
            }

            if (Tags(metric, labels) is not { } tags) return;
            var change = state.Counters.Observe(SeriesKey(metric, tags), Start(created), new CounterValue(value));
            AfterCommit.Add(() => state.Counters.Commit(change));
            if (change.Increment is { } increment) Samples.Add(new MetricSample(metric, increment.Total, now, tags));
        }

        public void Histogram(string metric, IReadOnlyList<KeyValuePair<string, string>> labels, List<(double Le, double Count)> buckets, double? sum, double? created)
        {
            if (FromCumulative(buckets, sum) is not { } histogram)
            {
                Drop(NotFinite);
                return;
            }

            if (histogram.Problem() is not null)
            {
                Drop(BadHistogram);
                return;
            }

            if (Tags(metric, labels) is not { } tags) return;
            // A changed bucket layout, a bucket that fell or a new _created time is a restart (the tracker's rules).
            var change = state.Histograms.Observe(SeriesKey(metric, tags), Start(created), histogram);
            AfterCommit.Add(() => state.Histograms.Commit(change));
            if (change.Increment?.ToSketch() is { IsEmpty: false } sketch) Sketches.Add(new SketchSample(metric, sketch, now, tags));
        }

        private static string SeriesKey(string metric, TagSet tags) => metric + "\u0002" + tags.Key;

        /// <summary>A <c>_created</c> time (Unix seconds) as the tracker's start (Unix ns; 0 when unknown).</summary>
        private static ulong Start(double? created) =>
            created is { } c && double.IsFinite(c) && c > 0 && c < ulong.MaxValue / 1e9 ? (ulong)(c * 1e9) : 0;

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
