using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Interop;

/// <summary>A bucketed distribution from outside (explicit or exponential buckets) that becomes a sketch,
/// so the mappers handle both kinds — validation, cumulative increments — with one piece of code.</summary>
public interface IBucketHistogram
{
    /// <summary>Observations across all buckets.</summary>
    long Count { get; }

    /// <summary>Why the shape is unusable, or null.</summary>
    string? Problem();

    /// <summary>The distribution as a sketch (counts exact, values at a representative per bucket).</summary>
    DDSketch ToSketch();
}
