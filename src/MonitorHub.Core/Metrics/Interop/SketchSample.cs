using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Interop;

/// <summary>
/// A distribution that arrives already aggregated (a histogram's buckets): it is merged into the
/// minute's rollup sketch of its series, with no raw sample rows, because the individual values are
/// not known. Count, sum, min and max of the rollup come from the histogram.
/// </summary>
public sealed record SketchSample(string Metric, DDSketch Sketch, DateTimeOffset Timestamp, TagSet Tags);
