using System.Collections.Concurrent;

namespace MonitorHub.Infrastructure.Cluster;

/// <summary>Names of the caches a change must reach on every node; the wire names of <see cref="ClusterInvalidations"/>.</summary>
public static class CacheNames
{
    public const string ApiKeys = "api-keys";
    public const string SensitiveFields = "sensitive-fields";
    public const string Models = "models";
    public const string Automation = "automation";
    public const string Catalogue = "catalogue";
    /// <summary>A user was disabled or changed role: open circuits and hub connections are checked again.</summary>
    public const string Users = "users";
}

/// <summary>
/// Named invalidations. A store that changed something cached calls <see cref="Invalidate"/> after its
/// commit; the handlers registered under that name run here, and, when Redis is configured, the relay
/// sends the name to the other nodes, which run their handlers through <see cref="ApplyFromPeer"/>.
/// Without Redis this is a plain in-process call.
/// </summary>
public sealed class ClusterInvalidations(TimeProvider clock)
{
    // Caches first, then other handlers: a handler that re-reads (revalidating hub connections after a key
    // revocation) must find the caches already invalidated, whichever registered first.
    private readonly ConcurrentDictionary<string, Action[]> _caches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action[]> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);

    /// <summary>When <paramref name="name"/> was last invalidated here or by a peer, or null. Kept here rather
    /// than by a handler, so nothing is missed by a handler not yet created when the change came.</summary>
    public DateTimeOffset? LastRun(string name) => _lastRun.TryGetValue(name, out var at) ? at : null;

    /// <summary>Raised for invalidations made on this node (not those from peers), for the relay.</summary>
    public event Action<string>? RaisedHere;

    /// <summary>Runs <paramref name="handler"/> whenever <paramref name="name"/> is invalidated on any node,
    /// until the returned registration is disposed (singletons keep theirs for the life of the process).</summary>
    public IDisposable On(string name, Action handler) => Add(_handlers, name, handler);

    private IDisposable Add(ConcurrentDictionary<string, Action[]> table, string name, Action handler)
    {
        table.AddOrUpdate(name, _ => [handler], (_, existing) => [.. existing, handler]);
        return new Registration(table, name, handler);
    }

    /// <summary>Registers <paramref name="cache"/> under <paramref name="name"/>; returns it, for a field initialiser.
    /// Caches are invalidated before the name's other handlers run.</summary>
    public T Register<T>(string name, T cache) where T : Caching.IInvalidatable
    {
        Add(_caches, name, cache.Invalidate);
        return cache;
    }

    public void Invalidate(string name)
    {
        Run(name);
        RaisedHere?.Invoke(name);
    }

    /// <summary>An invalidation another node made: runs the handlers, is not sent on again.</summary>
    public void ApplyFromPeer(string name) => Run(name);

    /// <summary>Runs every name's handlers here: after this node lost Redis for a while it may have missed
    /// invalidations, so it drops everything that could be stale.</summary>
    public void ApplyAllFromPeer()
    {
        foreach (var name in _caches.Keys.Union(_handlers.Keys).ToList()) Run(name);
    }

    private sealed class Registration(ConcurrentDictionary<string, Action[]> table, string name, Action handler) : IDisposable
    {
        public void Dispose()
        {
            while (table.TryGetValue(name, out var existing) && !table.TryUpdate(name, [.. existing.Where(h => h != handler)], existing))
            {
            }
        }
    }

    private void Run(string name)
    {
        _lastRun[name] = clock.GetUtcNow();
        foreach (var table in (ConcurrentDictionary<string, Action[]>[])[_caches, _handlers])
        {
            if (!table.TryGetValue(name, out var handlers)) continue;
            foreach (var handler in handlers) handler();
        }
    }
}
