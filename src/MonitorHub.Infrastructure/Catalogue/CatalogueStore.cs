using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Infrastructure.Versioning;
using System.Text.Json;

namespace MonitorHub.Infrastructure.Catalogue;

/// <summary>Changes that decide what is redacted or kept, and so need an admin like the privacy settings themselves.</summary>
public static class PrivacyAdmin
{
    public const string SystemChange = "Only an admin may move this out of its system: the system decides which privacy rules redact its data.";
    public const string RetentionChange = "Only an admin may change how long prediction logs are kept.";
}

/// <summary>Metric definitions and systems: the catalogue teams browse and edit.</summary>
public sealed class CatalogueStore
{
    private readonly IDbContextFactory<MonitorHubDbContext> contexts;
    private readonly TimeProvider clock;
    private readonly AuditLog audit;
    private readonly Cluster.ClusterInvalidations invalidations;

    public CatalogueStore(IDbContextFactory<MonitorHubDbContext> contexts, TimeProvider clock, IngestionWriter writer, AuditLog audit, Cluster.ClusterInvalidations invalidations)
    {
        this.contexts = contexts;
        this.clock = clock;
        this.audit = audit;
        this.invalidations = invalidations;
        // A change on any node (an edit, a key first seen by its writer) refreshes every node's pages and caches.
        invalidations.On(Cluster.CacheNames.Catalogue, OnChanged);
        // Keys first seen on ingestion appear in open catalogue pages without a reload.
        writer.DefinitionsRegistered += _ => Changes();
    }

    private void Changes() => invalidations.Invalidate(Cluster.CacheNames.Catalogue);

    /// <summary>Raised after a definition or system changed, so open pages can refresh.</summary>
    public event Action? Changed;

    private readonly Caching.VersionedSnapshot<Dictionary<string, int>> _metricSystems = new();

    private void OnChanged()
    {
        _metricSystems.Invalidate();
        Changed?.Invoke();
    }

    /// <summary>The system of every metric assigned to one (cached; a change takes effect on the next call).</summary>
    public async Task<IReadOnlyDictionary<string, int>> MetricSystemsAsync(CancellationToken cancellationToken = default) =>
        await _metricSystems.GetAsync(async ct =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await db.MetricDefinitions.AsNoTracking().Where(d => d.SystemId != null)
                .ToDictionaryAsync(d => d.Key, d => d.SystemId!.Value, StringComparer.Ordinal, ct);
        }, cancellationToken);

    public async Task<IReadOnlyList<MetricDefinition>> ListDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.MetricDefinitions.AsNoTracking().OrderBy(d => d.Key).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    /// <summary>Series (distinct tag sets) per metric key, for the catalogue's cardinality column.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SeriesCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Series.AsNoTracking().GroupBy(s => s.MetricKey).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, StringComparer.Ordinal, cancellationToken);
    }

    public async Task<MetricDefinition?> GetDefinitionAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MetricDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Key == key, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>Changes a definition; <paramref name="reason"/> is required and kept with the new version.</summary>
    /// <param name="privacyAdmin">The caller is an admin: only admins may move a metric out of its system,
    /// because the system decides which redaction rules apply to the metric's tags.</param>
    public async Task<StoreResult<MetricDefinition>> UpdateDefinitionAsync(
        string key, MetricDefinitionUpdate update, string actor, string? reason, bool privacyAdmin, CancellationToken cancellationToken = default)
    {
        var issues = CatalogueValidation.Validate(update);
        if (VersionStore.CheckReason(reason, required: true) is { } reasonIssue) issues.Add(reasonIssue);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MetricDefinitions.SingleOrDefaultAsync(d => d.Key == key, cancellationToken);
        if (row is null) return StoreResult<MetricDefinition>.NotFound();

        var systemId = update.SystemId;
        if (update.ComponentId is { } componentId)
        {
            var component = await db.Components.AsNoTracking().SingleOrDefaultAsync(c => c.Id == componentId, cancellationToken);
            if (component is null)
                issues.Add(new(null, "componentId", "No such component."));
            else if (systemId is not null && systemId != component.SystemId)
                issues.Add(new(null, "componentId", "The component belongs to another system."));
            else
                systemId = component.SystemId;
        }

        if (systemId is { } sid && !await db.Systems.AnyAsync(s => s.Id == sid, cancellationToken))
            issues.Add(new(null, "systemId", "No such system."));
        if (!privacyAdmin && row.SystemId is not null && systemId != row.SystemId)
            return StoreResult<MetricDefinition>.Forbidden([new(null, "systemId", PrivacyAdmin.SystemChange)]);

        if (issues.Count > 0) return StoreResult<MetricDefinition>.Invalid(issues);

        var before = ToRecord(row);
        row.DisplayName = update.DisplayName!.Trim();
        row.Category = (int)update.Category!.Value;
        row.Unit = update.Unit?.Trim() ?? "";
        row.Description = update.Description?.Trim() ?? "";
        row.SystemId = systemId;
        row.ComponentId = update.ComponentId;
        row.OwnerTeam = update.OwnerTeam?.Trim() ?? "";
        row.Pinned = update.Pinned ?? row.Pinned;
        row.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        audit.Add(db, actor, "update", "metric", key, before, ToRecord(row));
        await VersionStore.AddAsync(db, VersionStore.Metric, key, Snapshot(before), Snapshot(ToRecord(row)), actor, reason!, row.UpdatedAtMs, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Changes();
        return StoreResult<MetricDefinition>.Ok(ToRecord(row));
    }

    /// <summary>Pins or unpins a metric on the Overview: one click in the UI, so the version's reason says
    /// what happened rather than asking for one; the change is versioned and audited like any edit.</summary>
    public async Task<StoreResult<MetricDefinition>> SetPinnedAsync(string key, bool pinned, string actor, CancellationToken cancellationToken = default)
    {
        if (await GetDefinitionAsync(key, cancellationToken) is not { } old) return StoreResult<MetricDefinition>.NotFound();
        if (old.Pinned == pinned) return StoreResult<MetricDefinition>.Ok(old);
        var update = new MetricDefinitionUpdate(old.DisplayName, old.Category, old.Unit, old.Description, old.SystemId, old.ComponentId, old.OwnerTeam, pinned);
        return await UpdateDefinitionAsync(key, update, actor, pinned ? "Pinned to the Overview" : "Unpinned from the Overview", privacyAdmin: false, cancellationToken);
    }

    public async Task<IReadOnlyList<SystemView>> ListSystemsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var systems = await db.Systems.AsNoTracking().Include(s => s.Components).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var edges = await db.ComponentEdges.AsNoTracking().ToListAsync(cancellationToken);
        return [.. systems.Select(s => ToView(s, edges))];
    }

    public async Task<SystemView?> GetSystemAsync(int id, CancellationToken cancellationToken = default)
    {
        var systems = await ListSystemsAsync(cancellationToken);
        return systems.FirstOrDefault(s => s.System.Id == id);
    }

    /// <summary>Creates a system with its components and edges in one transaction.</summary>
    public async Task<StoreResult<SystemView>> CreateSystemAsync(SystemDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var issues = CatalogueValidation.Validate(draft);
        if (issues.Count > 0) return StoreResult<SystemView>.Invalid(issues);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = draft.Name!.Trim();
        if (await db.Systems.AnyAsync(s => s.Name == name, cancellationToken))
            return StoreResult<SystemView>.Conflict([new(null, "name", $"A system named '{name}' already exists.")]);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var system = new SystemEntity { Name = name, Description = draft.Description?.Trim() ?? "" };
        var components = draft.Components ?? [];
        for (var i = 0; i < components.Count; i++)
        {
            system.Components.Add(new ComponentEntity { Name = components[i].Name!.Trim(), Description = components[i].Description?.Trim() ?? "", Position = i });
        }

        db.Systems.Add(system);
        await db.SaveChangesAsync(cancellationToken);

        var byName = system.Components.ToDictionary(c => c.Name, c => c.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var edge in (draft.Edges ?? []).DistinctBy(e => (e.From!.ToUpperInvariant(), e.To!.ToUpperInvariant())))
        {
            db.ComponentEdges.Add(new ComponentEdgeEntity { FromComponentId = byName[edge.From!.Trim()], ToComponentId = byName[edge.To!.Trim()] });
        }

        var edges = db.ComponentEdges.Local.ToList();
        var view = ToView(system, edges);
        audit.Add(db, actor, "create", "system", system.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, view);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changes();
        return StoreResult<SystemView>.Ok(view);
    }

    /// <summary>
    /// Replaces a system's name, components and edges in one transaction, with a reason kept in its
    /// version history. Components keep their ids (and so their metrics and alarms) by name; a
    /// component left out is removed and its metrics become unassigned.
    /// </summary>
    public async Task<StoreResult<SystemView>> UpdateSystemAsync(int id, SystemDraft draft, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        var issues = CatalogueValidation.Validate(draft);
        if (VersionStore.CheckReason(reason, required: true) is { } reasonIssue) issues.Add(reasonIssue);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var system = await db.Systems.Include(s => s.Components).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (system is null) return StoreResult<SystemView>.NotFound();
        if (issues.Count > 0) return StoreResult<SystemView>.Invalid(issues);
        var name = draft.Name!.Trim();
        if (await db.Systems.AnyAsync(s => s.Name == name && s.Id != id, cancellationToken))
            return StoreResult<SystemView>.Conflict([new(null, "name", $"A system named '{name}' already exists.")]);

        var ids = system.Components.Select(c => c.Id).ToList();
        var before = ToView(system, await db.ComponentEdges.AsNoTracking().Where(e => ids.Contains(e.FromComponentId)).ToListAsync(cancellationToken));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        system.Name = name;
        system.Description = draft.Description?.Trim() ?? "";
        var components = draft.Components ?? [];
        var kept = system.Components.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var wanted = components.Select(c => c.Name!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in system.Components.Where(c => !wanted.Contains(c.Name)).ToList())
        {
            system.Components.Remove(gone);
            db.Components.Remove(gone);
        }

        for (var i = 0; i < components.Count; i++)
        {
            var componentName = components[i].Name!.Trim();
            if (!kept.TryGetValue(componentName, out var row))
            {
                row = new ComponentEntity { Name = componentName };
                system.Components.Add(row);
            }

            row.Name = componentName;
            row.Description = components[i].Description?.Trim() ?? "";
            row.Position = i;
        }

        await db.ComponentEdges.Where(e => ids.Contains(e.FromComponentId)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var byName = system.Components.ToDictionary(c => c.Name, c => c.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var edge in (draft.Edges ?? []).DistinctBy(e => (e.From!.Trim().ToUpperInvariant(), e.To!.Trim().ToUpperInvariant())))
        {
            db.ComponentEdges.Add(new ComponentEdgeEntity { FromComponentId = byName[edge.From!.Trim()], ToComponentId = byName[edge.To!.Trim()] });
        }

        var view = ToView(system, db.ComponentEdges.Local.ToList());
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        audit.Add(db, actor, "update", "system", key, before, view);
        await VersionStore.AddAsync(db, VersionStore.System, key, JsonSerializer.Serialize(before, StoredJson.Options), JsonSerializer.Serialize(view, StoredJson.Options),
            actor, reason!, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changes();
        return StoreResult<SystemView>.Ok(view);
    }

    private static SystemView ToView(SystemEntity system, List<ComponentEdgeEntity> edges)
    {
        var components = system.Components.OrderBy(c => c.Position)
            .Select(c => new PipelineComponent(c.Id, c.SystemId, c.Name, c.Description)).ToList();
        var ids = components.Select(c => c.Id).ToHashSet();
        return new SystemView(
            new MonitoredSystem(system.Id, system.Name, system.Description),
            components,
            [.. edges.Where(e => ids.Contains(e.FromComponentId)).Select(e => new ComponentEdge(e.FromComponentId, e.ToComponentId))]);
    }

    /// <summary>Restores version <paramref name="version"/> of a definition as a new version.</summary>
    public async Task<StoreResult<MetricDefinition>> RollbackDefinitionAsync(
        string key, int version, string actor, string? reason, VersionStore versions, bool privacyAdmin, CancellationToken cancellationToken = default)
    {
        if (await GetDefinitionAsync(key, cancellationToken) is null) return StoreResult<MetricDefinition>.NotFound();
        var snapshot = await versions.SnapshotAsync(VersionStore.Metric, key, version, cancellationToken);
        if (snapshot is null) return StoreResult<MetricDefinition>.NotFound([new(null, "version", $"Metric '{key}' has no version {version}.")]);
        var old = JsonSerializer.Deserialize<MetricDefinition>(snapshot, StoredJson.Options)!;
        return await UpdateDefinitionAsync(key, new MetricDefinitionUpdate(old.DisplayName, old.Category, old.Unit, old.Description, old.SystemId, old.ComponentId, old.OwnerTeam, old.Pinned),
            actor, VersionStore.RollbackReason(version, reason), privacyAdmin, cancellationToken);
    }

    public static string Snapshot(MetricDefinition definition) => JsonSerializer.Serialize(definition, StoredJson.Options);

    private static MetricDefinition ToRecord(MetricDefinitionEntity row) => new(
        row.Key, row.DisplayName, (MetricCategory)row.Category, row.Unit, row.Description, row.SystemId, row.ComponentId, row.OwnerTeam, row.Pinned);
}
