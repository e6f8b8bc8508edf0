namespace MonitorHub.Core.Metrics.Interop;

/// <summary>
/// What a foreign payload (OTLP, remote-write, a scrape) maps to: samples and histogram sketches for the
/// single writer, the points that could not be taken and why, and the cumulative-state updates to
/// apply once the samples are committed (never before: a refused request must leave the state as it was).
/// </summary>
public sealed class InteropBatch
{
    private const int MaxReasons = 5;
    private readonly List<string> _reasons = [];

    public List<MetricSample> Samples { get; } = [];
    public List<SketchSample> Sketches { get; } = [];

    /// <summary>Run after the commit: cumulative series remember the point just stored.</summary>
    public List<Action> AfterCommit { get; } = [];

    /// <summary>Points refused (invalid names, values, tags or times); the rest of the payload is stored.</summary>
    public long Rejected { get; private set; }

    /// <summary>The first distinct reasons for <see cref="Rejected"/>, joined for the response.</summary>
    public string Message => string.Join(" ", _reasons);

    public bool IsEmpty => Samples.Count == 0 && Sketches.Count == 0;

    public void Reject(string reason, long points = 1)
    {
        Rejected += points;
        if (_reasons.Count < MaxReasons && !_reasons.Contains(reason)) _reasons.Add(reason);
    }

    /// <summary>Everything was refused as a whole (e.g. a series limit): nothing is stored.</summary>
    public void RejectAll(string reason, long points)
    {
        Samples.Clear();
        Sketches.Clear();
        AfterCommit.Clear();
        _reasons.Clear();
        Rejected = 0;
        Reject(reason, points);
    }

    public void Committed()
    {
        foreach (var action in AfterCommit) action();
    }
}
