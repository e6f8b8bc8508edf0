using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Drift;

/// <summary>
/// Models whose predictions are logged. Ingestion reads their settings (system, sampling rate) on
/// every batch, so they are cached and the cache is dropped whenever a setting changes; a model not
/// in the cache gets the defaults, which is exactly what its auto-registration stores.
/// </summary>
public sealed class ModelStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, TimeProvider clock, Cluster.ClusterInvalidations invalidations)
{
    private readonly Caching.VersionedSnapshot<Dictionary<string, ModelSettings>> _cache =
        invalidations.Register(Cluster.CacheNames.Models, new Caching.VersionedSnapshot<Dictionary<string, ModelSettings>>());

    public async Task<IReadOnlyList<ModelSettings>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Models.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<ModelSettings?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>Settings ingestion applies to a model (defaults for one not registered yet).</summary>
    public async Task<ModelSettings> SettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        var cache = await _cache.GetAsync(async ct =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return (await db.Models.AsNoTracking().ToListAsync(ct)).ToDictionary(m => m.Name, ToRecord, StringComparer.Ordinal);
        }, cancellationToken);
        return cache.GetValueOrDefault(name) ?? ModelSettings.Default(name, clock.GetUtcNow());
    }

    /// <summary>Creates or replaces a model's settings (so a model can be set up before its first
    /// prediction), audited with before and after.</summary>
    /// <param name="privacyAdmin">The caller is an admin: only admins may move a model out of its system
    /// (which decides the redaction of its features) or change how long its predictions are kept.</param>
    public async Task<StoreResult<ModelSettings>> PutAsync(string name, ModelUpdate update, string actor, bool privacyAdmin, CancellationToken cancellationToken = default)
    {
        var issues = ModelValidation.Validate(name, update);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (update.SystemId is { } systemId && !await db.Systems.AnyAsync(s => s.Id == systemId, cancellationToken))
            issues.Add(new(null, "systemId", "No such system."));
        if (issues.Count > 0) return StoreResult<ModelSettings>.Invalid(issues);

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await db.Models.SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (!privacyAdmin && row?.SystemId is not null && update.SystemId != row.SystemId)
            return StoreResult<ModelSettings>.Forbidden([new(null, "systemId", PrivacyAdmin.SystemChange)]);
        if (!privacyAdmin && update.RetentionDays != (row?.RetentionDays ?? Core.Drift.Predictions.PredictionLimits.DefaultRetentionDays))
            return StoreResult<ModelSettings>.Forbidden([new(null, "retentionDays", PrivacyAdmin.RetentionChange)]);
        var before = row is null ? null : ToRecord(row);
        if (row is null)
        {
            row = new ModelEntity { Name = name, CreatedAtMs = now };
            db.Models.Add(row);
        }

        row.SystemId = update.SystemId;
        row.SamplingRate = update.SamplingRate!.Value;
        row.RetentionDays = update.RetentionDays!.Value;
        var after = ToRecord(row);
        audit.Add(db, actor, before is null ? "create" : "update", "model", name, before, after);
        await db.SaveChangesAsync(cancellationToken);
        invalidations.Invalidate(Cluster.CacheNames.Models);
        return StoreResult<ModelSettings>.Ok(after);
    }

    private static ModelSettings ToRecord(ModelEntity row) => new(
        row.Name, row.SystemId, row.SamplingRate, row.RetentionDays,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs),
        row.LastSeenAtMs is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null);
}
