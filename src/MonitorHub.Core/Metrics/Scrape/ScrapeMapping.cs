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
/// not become a sample (not finite, a name or tags past our limits, an unusable histogram), by reason.</summary>
public sealed record ScrapeMapping(IReadOnlyList<MetricSample> Samples, IReadOnlyList<SketchSample> Sketches, IReadOnlyDictionary<string, int> Dropped)
{
    public static ScrapeMapping Empty => new([], [], new Dictionary<string, int>());

    public int DroppedCount => Dropped.Values.Sum();

    /// <summary>Makes the target's counter state remember this scrape; call once its samples are stored.</summary>
    public IReadOnlyList<Action> AfterCommit { get; init; } = [];

    public void Committed()
    {
        foreach (var action in AfterCommit) action();
    }
}

/// <summary>
/// The cumulative values a target reported last time, per series, so the next scrape can be turned
/// into increments — kept by the same <see cref="CumulativeTracker{T}"/> the OTLP receiver uses. Kept
/// per target by the scraper; a new state (a restart, an edited target) simply primes again on its
/// first scrape. A scrape that could not be stored leaves it as it was, so the next one counts its
/// interval too.
/// </summary>
public sealed class CounterState
{
    /// <summary>Series per target remembered; past it the least recently seen are forgotten (and prime
    /// again). Above the most samples one scrape may hold, so a healthy target never hits it.</summary>
    public const int Capacity = 100_000;

    internal CumulativeTracker<CounterValue> Counters { get; } = new(Capacity, CounterValue.Subtract);
    internal CumulativeTracker<ExplicitHistogram> Histograms { get; } = new(Capacity, ExplicitHistogram.Subtract);

    public int Count => Counters.Count + Histograms.Count;
}
