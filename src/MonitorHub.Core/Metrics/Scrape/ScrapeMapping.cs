using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>What a target contributes besides its own metric names (<see cref="ExtraTags"/> on every
/// series; only families matching <see cref="Allowlist"/> when it is not empty).</summary>
public sealed record ScrapeSettings(IReadOnlyList<string> Allowlist, IReadOnlyDictionary<string, string> ExtraTags)
{
    public static readonly ScrapeSettings All = new([], new Dictionary<string, string>());

    /// <summary>Exact names, or prefixes ending in <c>*</c> (<c>nv_inference_*</c>).</summary>
    public bool Allows(string family)
    {
        if (Allowlist.Count == 0) return true;
        foreach (var entry in Allowlist)
        {
            if (entry.EndsWith('*') ? family.StartsWith(entry[..^1], StringComparison.Ordinal) : family == entry) return true;
        }

        return false;
    }
}

/// <summary>One scrape turned into MonitorHub data. <see cref="Dropped"/> counts lines that could
/// not become a sample (not finite, a name or tags past our limits), by reason.</summary>
public sealed record ScrapeMapping(IReadOnlyList<MetricSample> Samples, IReadOnlyList<SketchSample> Sketches, IReadOnlyDictionary<string, int> Dropped)
{
    public int DroppedCount => Dropped.Values.Sum();
}

/// <summary>
/// The cumulative values a target reported last time, per series, so the next scrape can be turned
/// into increments. Kept per target by the scraper; a new state (a restart, an edited target)
/// simply primes again on its first scrape.
/// </summary>
public sealed class CounterState
{
    internal Dictionary<string, Cumulative> Values { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, HistogramCumulative> Histograms { get; } = new(StringComparer.Ordinal);

    public int Count => Values.Count + Histograms.Count;

    internal sealed record Cumulative(double Value, double? Created);

    internal sealed record HistogramCumulative(double[] Bounds, double[] Cumulative, double? Created);
}
