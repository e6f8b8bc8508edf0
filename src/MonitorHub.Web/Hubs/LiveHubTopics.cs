using System.Collections.Concurrent;

namespace MonitorHub.Web.Hubs;

/// <summary>
/// Which metric topics have hub clients, so the bridge forwards only those and the writer builds no
/// live copies of samples nobody watches. Bounded: a connection holds at most
/// <see cref="MaxTopicsPerConnection"/> topics, and a topic nobody watches any more is forgotten, so no
/// client can grow this without limit by subscribing to made-up keys.
/// </summary>
public sealed class LiveHubTopics
{
    public const int MaxTopicsPerConnection = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byMetric = new(StringComparer.Ordinal);
    // Read on the writer's path for every committed series: lock-free, a count per watched metric.
    private readonly ConcurrentDictionary<string, int> _watchers = new(StringComparer.Ordinal);

    public bool IsWatched(string metric) => _watchers.ContainsKey(metric);

    /// <summary>Topics held, over all connections (for tests and diagnostics).</summary>
    public int TopicCount => _watchers.Count;

    /// <summary>This node's connections subscribed to <paramref name="metric"/> (a copy).</summary>
    public IReadOnlyList<string> ConnectionsWatching(string metric)
    {
        lock (_gate) return _byMetric.TryGetValue(metric, out var ids) ? [.. ids] : [];
    }

    /// <summary>False when the connection already holds the maximum number of topics.</summary>
    public bool Add(string connectionId, string metric)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var mine)) _byConnection[connectionId] = mine = new(StringComparer.Ordinal);
            if (mine.Contains(metric)) return true;
            if (mine.Count >= MaxTopicsPerConnection) return false;
            mine.Add(metric);
            if (!_byMetric.TryGetValue(metric, out var watching)) _byMetric[metric] = watching = new(StringComparer.Ordinal);
            watching.Add(connectionId);
            _watchers.AddOrUpdate(metric, 1, (_, n) => n + 1);
            return true;
        }
    }

    public void Remove(string connectionId, string metric)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var mine) && mine.Remove(metric)) Release(connectionId, metric);
        }
    }

    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out var mine)) return;
            foreach (var metric in mine) Release(connectionId, metric);
        }
    }

    private void Release(string connectionId, string metric)
    {
        if (_byMetric.TryGetValue(metric, out var watching) && watching.Remove(connectionId) && watching.Count == 0) _byMetric.Remove(metric);
        if (_watchers.TryGetValue(metric, out var n) && n <= 1) _watchers.TryRemove(metric, out _);
        else _watchers[metric] = n - 1;
    }
}
