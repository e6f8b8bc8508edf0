namespace MonitorHub.Core.Metrics.Interop;

/// <summary>What a cumulative point means once compared with the last committed point of its series.</summary>
public enum CumulativeOutcome
{
    /// <summary>The first point of the series: it only primes the state (nothing is known of what came before).</summary>
    Primed,

    /// <summary>The increment since the last committed point.</summary>
    Delta,

    /// <summary>The series restarted (new start time, or a value fell): the whole new value is the increment.</summary>
    Reset,
}

/// <summary>An observed cumulative point: the increment to store (null when <see cref="CumulativeOutcome.Primed"/>)
/// and what to <see cref="CumulativeTracker{T}.Commit"/> once that increment is durable.</summary>
public sealed record CumulativeChange<T>(CumulativeOutcome Outcome, T? Increment, string Key, ulong Start, T Current) where T : class;

/// <summary>
/// Turns cumulative series (OTLP cumulative sums and histograms, Prometheus counters) into increments.
/// The server keeps the last point per series in memory; a changed start time or a value that falls
/// is a reset (the sender restarted), after which the new value counts whole. State changes only on
/// <see cref="Commit"/>, after the increments were stored, so a request answered 429 and retried is
/// not counted twice nor lost. Bounded: past <c>capacity</c> series the least recently seen 10 % are
/// forgotten (their next point primes again — one interval lost, never double counted).
/// </summary>
/// <typeparam name="T">The cumulative value: a number, a histogram, a summary's count and sum.</typeparam>
public sealed class CumulativeTracker<T>(int capacity, Func<T, T, T?> subtract) where T : class
{
    private readonly Dictionary<string, Entry> _series = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _sequence;

    public int Count
    {
        get { lock (_lock) return _series.Count; }
    }

    /// <param name="key">Identifies the series (metric and tags).</param>
    /// <param name="start">The point's start time (Unix ns); 0 when the sender does not know it.</param>
    /// <param name="current">The cumulative value since <paramref name="start"/>.</param>
    public CumulativeChange<T> Observe(string key, ulong start, T current)
    {
        Entry? previous;
        lock (_lock) _series.TryGetValue(key, out previous);
        if (previous is null) return new(CumulativeOutcome.Primed, null, key, start, current);
        if (start != 0 && previous.Start != 0 && start != previous.Start) return new(CumulativeOutcome.Reset, current, key, start, current);
        // subtract answers null when the value fell: a restart whose start time the sender did not change.
        return subtract(current, previous.Value) is { } increment
            ? new(CumulativeOutcome.Delta, increment, key, start, current)
            : new(CumulativeOutcome.Reset, current, key, start, current);
    }

    /// <summary>Makes an observed point the series' last one (call once its increment is stored).</summary>
    public void Commit(CumulativeChange<T> change)
    {
        lock (_lock)
        {
            _series[change.Key] = new Entry(change.Start, change.Current, ++_sequence);
            if (_series.Count > capacity) Evict();
        }
    }

    private void Evict()
    {
        var drop = Math.Max(1, _series.Count - capacity + capacity / 10);
        foreach (var (key, _) in _series.OrderBy(e => e.Value.Seen).Take(drop).ToList()) _series.Remove(key);
    }

    private sealed record Entry(ulong Start, T Value, long Seen);
}
