using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Automation;
using MonitorHub.Core.FailureModes;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Automation;

/// <summary>
/// Each model's degree of automation and τ (through its system), kept in memory for the route call. Changes
/// made through <see cref="AutomationStore"/> apply at once; everything else (a model moved to another system,
/// a checklist edited) is picked up by a reload at most <see cref="MaxAge"/> old, so the hot path never waits
/// on the database more than once per interval.
/// </summary>
public sealed class AutomationCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, (AutomationDegree Degree, double? Threshold)> ByModel);

    private readonly IDbContextFactory<MonitorHubDbContext> contexts;
    private readonly TimeProvider clock;
    private readonly Cluster.ClusterInvalidations _invalidations;
    private Snapshot? _snapshot;

    public AutomationCache(IDbContextFactory<MonitorHubDbContext> contexts, TimeProvider clock, Cluster.ClusterInvalidations invalidations)
    {
        this.contexts = contexts;
        this.clock = clock;
        _invalidations = invalidations;
        // A degree set on any node applies on every node's route calls at once, not after MaxAge.
        invalidations.On(Cluster.CacheNames.Automation, Drop);
    }

    /// <summary>Who decides a request to <paramref name="model"/> with the caller's <paramref name="score"/>. A model in
    /// no system, or in one whose degree was never set (no checklist), has no degree: its answers are used (model).</summary>
    public async ValueTask<Decider> DecideAsync(string model, double? score, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > MaxAge) snapshot = await LoadAsync(cancellationToken);
        return snapshot.ByModel.TryGetValue(model, out var entry) ? AutomationRules.Decide(entry.Degree, entry.Threshold, score) : Decider.Model;
    }

    /// <summary>Drops the snapshot on every node: the next call reads the database again.</summary>
    public void Invalidate() => _invalidations.Invalidate(Cluster.CacheNames.Automation);

    private void Drop() => Volatile.Write(ref _snapshot, null);

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checklists = await db.SystemChecklists.AsNoTracking().ToDictionaryAsync(c => c.SystemId, c => AutomationStore.Parse(c.Definition), cancellationToken);
        var models = await db.Models.AsNoTracking().Where(m => m.SystemId != null).Select(m => new { m.Name, m.SystemId }).ToListAsync(cancellationToken);
        var byModel = new Dictionary<string, (AutomationDegree, double?)>(StringComparer.Ordinal);
        foreach (var m in models)
        {
            if (checklists.GetValueOrDefault(m.SystemId!.Value) is { } checklist) byModel[m.Name] = (checklist.Automation, checklist.AutomationThreshold);
        }

        var snapshot = new Snapshot(clock.GetUtcNow(), byModel);
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }
}
