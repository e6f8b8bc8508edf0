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
public sealed class ClusterInvalidations
{
    private readonly ConcurrentDictionary<string, Action[]> _handlers = new(StringComparer.Ordinal);

    /// <summary>Raised for invalidations made on this node (not those from peers), for the relay.</summary>
    public event Action<string>? RaisedHere;

    /// <summary>Runs <paramref name="handler"/> whenever <paramref name="name"/> is invalidated on any node,
    /// until the returned registration is disposed (singletons keep theirs for the life of the process).</summary>
    public IDisposable On(string name, Action handler)
    {
        _handlers.AddOrUpdate(name, _ => [handler], (_, existing) => [.. existing, handler]);
        return new Registration(this, name, handler);
    }

    /// <summary>Registers <paramref name="cache"/> under <paramref name="name"/>; returns it, for a field initialiser.</summary>
    public T Register<T>(string name, T cache) where T : Caching.IInvalidatable
    {
        On(name, cache.Invalidate);
        return cache;
    }

    public void Invalidate(string name)
    {
        Run(name);
        RaisedHere?.Invoke(name);
    }

    /// <summary>An invalidation another node made: runs the handlers, is not sent on again.</summary>
    public void ApplyFromPeer(string name) => Run(name);

    private sealed class Registration(ClusterInvalidations owner, string name, Action handler) : IDisposable
    {
        public void Dispose()
        {
            while (owner._handlers.TryGetValue(name, out var existing)
                && !owner._handlers.TryUpdate(name, [.. existing.Where(h => h != handler)], existing))
            {
            }
        }
    }

    private void Run(string name)
    {
        if (!_handlers.TryGetValue(name, out var handlers)) return;
        foreach (var handler in handlers) handler();
    }
}
