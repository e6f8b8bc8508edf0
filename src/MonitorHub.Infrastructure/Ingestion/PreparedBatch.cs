using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>How the writer registers a metric key it has not seen before, instead of as an
/// unclassified definition (derived metrics arrive already classified). <see cref="ComponentId"/> places
/// it in a component of its system (a scrape target's component).</summary>
public sealed record DefinitionTemplate(string DisplayName, MetricCategory Category, string Unit, string Description, int? SystemId, int? ComponentId = null);

/// <summary>
/// A validated batch with its per-series, per-minute partial rollups already computed. Building it
/// on the request thread keeps the single writer's work per sample down to the INSERT itself: the
/// writer only merges one small sketch per (series, minute) the batch touches.
/// </summary>
public sealed class PreparedBatch
{
    /// <param name="sketches">Pre-aggregated distributions (histograms) merged into the rollups of their
    /// series and minute without raw rows.</param>
    public PreparedBatch(IReadOnlyList<MetricSample> samples, IReadOnlyList<SketchSample>? sketches = null)
    {
        Samples = samples;
        SeriesIndex = new int[samples.Count];
        Timestamps = new long[samples.Count];
        var seriesLookup = new Dictionary<(string, string), int>();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (!seriesLookup.TryGetValue((sample.Metric, sample.Tags.Key), out var index))
            {
                index = Series.Count;
                seriesLookup.Add((sample.Metric, sample.Tags.Key), index);
                Series.Add((sample.Metric, sample.Tags));
            }

            var ts = sample.Timestamp.ToUnixTimeMilliseconds();
            SeriesIndex[i] = index;
            Timestamps[i] = ts;
            var key = (index, UnixTime.MinuteOf(ts));
            if (!Partials.TryGetValue(key, out var sketch))
            {
                sketch = new DDSketch();
                Partials.Add(key, sketch);
            }

            sketch.Add(sample.Value);
        }

        foreach (var distribution in sketches ?? [])
        {
            if (!seriesLookup.TryGetValue((distribution.Metric, distribution.Tags.Key), out var index))
            {
                index = Series.Count;
                seriesLookup.Add((distribution.Metric, distribution.Tags.Key), index);
                Series.Add((distribution.Metric, distribution.Tags));
            }

            var key = (index, UnixTime.MinuteOf(distribution.Timestamp.ToUnixTimeMilliseconds()));
            if (!Partials.TryGetValue(key, out var sketch)) Partials.Add(key, sketch = new DDSketch());
            sketch.Merge(distribution.Sketch);
        }

        // Insert order: by series, then time. Consecutive rows then land next to each other in the
        // (SeriesId, Ts) index, so the writer touches far fewer B-tree pages than in arrival order.
        Order = new int[samples.Count];
        for (var i = 0; i < Order.Length; i++) Order[i] = i;
        Array.Sort(Order, (a, b) =>
        {
            var bySeries = SeriesIndex[a].CompareTo(SeriesIndex[b]);
            return bySeries != 0 ? bySeries : Timestamps[a].CompareTo(Timestamps[b]);
        });
    }

    /// <summary>Sample indices in the order the writer inserts them.</summary>
    public int[] Order { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Distinct series of the batch, in first-seen order.</summary>
    public List<(string Metric, TagSet Tags)> Series { get; } = [];

    /// <summary>For each sample, its index into <see cref="Series"/>.</summary>
    public int[] SeriesIndex { get; }

    /// <summary>For each sample, its timestamp in Unix milliseconds.</summary>
    public long[] Timestamps { get; }

    /// <summary>Rollup contribution of this batch per (series index, Unix minute).</summary>
    public Dictionary<(int Series, long Minute), DDSketch> Partials { get; } = [];

    public int Count => Samples.Count;

    /// <summary>Definitions for keys of this batch that are new to the catalogue; others register unclassified.</summary>
    public IReadOnlyDictionary<string, DefinitionTemplate>? Definitions { get; init; }
}
