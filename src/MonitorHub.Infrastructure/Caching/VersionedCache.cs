using System.Collections.Concurrent;

namespace MonitorHub.Infrastructure.Caching;

/// <summary>A cache that <see cref="Cluster.ClusterInvalidations"/> can invalidate by name, on every node.</summary>
public interface IInvalidatable
{
    void Invalidate();
}

/// <summary>
/// A cache of database reads that a change must never leave stale. "Clear, then let the next read
/// refill" races: a read that started before the change commits can refill the cache with the old
/// value after it was cleared (a revoked key kept working, a privacy rule was ignored). Here every
/// entry carries the version current when its read began, and a change bumps the version after it
/// commits, so an entry read before the change is never served after it.
/// </summary>
public sealed class VersionedCache<TKey, TValue>(int capacity = 10_000) : IInvalidatable where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (long Version, TValue Value)> _entries = new();
    private long _version;

    /// <param name="keep">Whether a loaded value may be cached (e.g. not a miss for a made-up key).</param>
    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken, Func<TValue, bool>? keep = null)
    {
        var version = Interlocked.Read(ref _version);
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version) return entry.Value;
        var value = await load(key, cancellationToken);
        if (keep?.Invoke(value) ?? true)
        {
            if (_entries.Count >= capacity) _entries.Clear();
            _entries[key] = (version, value);
        }

        return value;
    }

    /// <summary>Call after the change is committed: entries read before it are not served again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);
}

/// <summary>One cached value (a whole table's worth) with the same versioning as <see cref="VersionedCache{TKey, TValue}"/>.</summary>
public sealed class VersionedSnapshot<T> : IInvalidatable
{
    private readonly VersionedCache<int, T> _cache = new(1);

    public ValueTask<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) =>
        _cache.GetAsync(0, (_, ct) => load(ct), cancellationToken);

    public void Invalidate() => _cache.Invalidate();
}
