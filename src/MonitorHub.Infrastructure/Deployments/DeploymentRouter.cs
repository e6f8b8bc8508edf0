using MonitorHub.Core.Deployments;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Answers route calls from memory: every deployment's routing facts, loaded once and kept current by
/// the <see cref="DeploymentFeed"/> (every change is published after it commits), so a route call never
/// queries the database. Changes that arrive while the first load runs are applied on top of it, in
/// the order they were published.
/// </summary>
public sealed class DeploymentRouter
{
    private readonly DeploymentStore _store;
    private readonly Lock _gate = new();
    private readonly List<Entry> _pending = [];
    private Dictionary<long, Entry>? _entries;

    public DeploymentRouter(DeploymentStore store, DeploymentFeed feed)
    {
        _store = store;
        feed.Changed += change => Update(Entry.Of(change.Deployment));
    }

    /// <summary>What a deployment routes on; small, so the whole table stays in memory.</summary>
    private sealed record Entry(long Id, DeploymentStrategy Strategy, DeploymentState State, int Weight, long Salt, string Baseline, string Candidate, string Model)
    {
        public static Entry Of(Deployment d) => new(d.Id, d.Spec.Strategy, d.State, d.Weight, d.Salt, d.Spec.Baseline, d.Spec.Candidate, d.Spec.Model);
    }

    /// <summary>The answer for <paramref name="key"/>, or null when there is no such deployment.</summary>
    public async ValueTask<RouteAnswer?> RouteAsync(long id, string key, CancellationToken cancellationToken = default)
    {
        var entries = Volatile.Read(ref _entries) ?? await LoadAsync(cancellationToken);
        return Route(entries, id, key);
    }

    /// <summary>The deployment's model, once loaded (for the automation degree of the route answer).</summary>
    public string? ModelOf(long id) => Volatile.Read(ref _entries)?.GetValueOrDefault(id)?.Model;

    /// <summary>The in-memory decision alone, once loaded (what the benchmark times).</summary>
    public RouteAnswer? Route(long id, string key) =>
        Route(Volatile.Read(ref _entries) ?? throw new InvalidOperationException("Call RouteAsync once to load the deployments."), id, key);

    private static RouteAnswer? Route(Dictionary<long, Entry> entries, long id, string key) =>
        entries.TryGetValue(id, out var e) ? RouteDecision.Decide(e.Strategy, e.State, e.Weight, e.Salt, e.Baseline, e.Candidate, key) : null;

    private async Task<Dictionary<long, Entry>> LoadAsync(CancellationToken cancellationToken)
    {
        var all = await _store.AllAsync(activeOnly: false, cancellationToken);
        lock (_gate)
        {
            if (_entries is { } loaded) return loaded;
            var entries = all.ToDictionary(d => d.Id, Entry.Of);
            foreach (var change in _pending) entries[change.Id] = change;
            _pending.Clear();
            Volatile.Write(ref _entries, entries);
            return entries;
        }
    }

    private void Update(Entry entry)
    {
        lock (_gate)
        {
            if (_entries is null)
            {
                _pending.Add(entry);
                return;
            }

            // Copy on write: route calls read the table without a lock.
            Volatile.Write(ref _entries, new Dictionary<long, Entry>(_entries) { [entry.Id] = entry });
        }
    }
}
