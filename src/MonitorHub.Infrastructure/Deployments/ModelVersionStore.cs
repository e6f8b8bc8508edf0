using System.Collections.Concurrent;
using System.Data;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using Versions = MonitorHub.Infrastructure.Persistence.Tables.ModelVersions;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Registered versions of a model: created by hand (with a description) or registered by ingestion
/// the first time a prediction names them. Ingestion asks <see cref="Unregistered"/> which of a
/// batch's (model, version) pairs this process has not registered yet, so only a version's first
/// batch after a start pays for an upsert; the hot path never queries for versions.
/// </summary>
public sealed class ModelVersionStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public const string IngestionActor = "ingestion";
    public const int MaxDescriptionLength = 2000;

    private readonly ConcurrentDictionary<(string Model, string Version), byte> _registered = new();

    public async Task<StoreResult<IReadOnlyList<ModelVersion>>> ListAsync(string model, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Models.AnyAsync(m => m.Name == model, cancellationToken)) return StoreResult<IReadOnlyList<ModelVersion>>.NotFound([NoModel(model)]);
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.Model == model).OrderBy(v => v.CreatedAtMs).ThenBy(v => v.Version).ToListAsync(cancellationToken);
        return StoreResult<IReadOnlyList<ModelVersion>>.Ok([.. rows.Select(ToRecord)]);
    }

    /// <summary>Registers a version of an existing model (models come from their first prediction or a PUT).</summary>
    public async Task<StoreResult<ModelVersion>> CreateAsync(string model, string? version, string? description, string actor, CancellationToken cancellationToken = default)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "version", version, PredictionLimits.MaxVersionLength);
        if ((description?.Length ?? 0) > MaxDescriptionLength) issues.Add(new(null, "description", $"At most {MaxDescriptionLength} characters."));
        if (issues.Count > 0) return StoreResult<ModelVersion>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Models.AnyAsync(m => m.Name == model, cancellationToken)) return StoreResult<ModelVersion>.NotFound([NoModel(model)]);
        if (await db.ModelVersions.AnyAsync(v => v.Model == model && v.Version == version, cancellationToken))
            return StoreResult<ModelVersion>.Conflict([new(null, "version", $"Model '{model}' already has a version '{version}'.")]);
        var row = new ModelVersionEntity
        {
            Model = model, Version = version!, Description = description?.Trim() ?? "", CreatedBy = actor, CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.ModelVersions.Add(row);
        var created = ToRecord(row);
        audit.Add(db, actor, "create", "modelVersion", model + "/" + version, null, created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Ingestion registered the same version between the check and the insert.
            return StoreResult<ModelVersion>.Conflict([new(null, "version", $"Model '{model}' already has a version '{version}'.")]);
        }

        _registered.TryAdd((model, version!), 0);
        return StoreResult<ModelVersion>.Ok(created);
    }

    /// <summary>Which of <paramref name="versions"/> are registered for the model (the rest named as missing).</summary>
    public async Task<IReadOnlySet<string>> RegisteredAsync(string model, IEnumerable<string> versions, CancellationToken cancellationToken = default)
    {
        var wanted = versions.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.ModelVersions.AsNoTracking().Where(v => v.Model == model && wanted.Contains(v.Version)).Select(v => v.Version).ToListAsync(cancellationToken);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The (model, version) pairs of a batch this process has not registered yet.</summary>
    internal List<(string Model, string Version)> Unregistered(IEnumerable<PredictionRecord> predictions)
    {
        List<(string, string)>? result = null;
        foreach (var p in predictions)
        {
            if (p.Version.Length == 0 || _registered.ContainsKey((p.Model, p.Version))) continue;
            result ??= [];
            if (!result.Contains((p.Model, p.Version))) result.Add((p.Model, p.Version));
        }

        return result ?? [];
    }

    /// <summary>Runs on the writer inside the batch's transaction, after its models are registered.</summary>
    internal static void Register(SqlSession session, List<(string Model, string Version)> versions, long nowMs)
    {
        if (versions.Count == 0) return;
        const string Insert =
            $"INSERT INTO {Versions.Table} ({Versions.Model}, {Versions.Version}, {Versions.Description}, {Versions.CreatedBy}, {Versions.CreatedAtMs}) " +
            $"VALUES (@m, @v, '', '{IngestionActor}', @now) ON CONFLICT ({Versions.Model}, {Versions.Version}) DO NOTHING";
        using var command = session.Command(Insert);
        var model = command.Add("m", DbType.String);
        var version = command.Add("v", DbType.String);
        command.Add("now", nowMs);
        foreach (var (m, v) in versions)
        {
            model.Value = m;
            version.Value = v;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Called once the batch that registered them has committed.</summary>
    internal void MarkRegistered(List<(string Model, string Version)> versions)
    {
        foreach (var pair in versions) _registered.TryAdd(pair, 0);
    }

    private static ValidationIssue NoModel(string model) => new(null, "model", $"No model '{model}': it is registered by its first prediction or PUT /api/v1/models/{model}.");

    private static ModelVersion ToRecord(ModelVersionEntity row) =>
        new(row.Model, row.Version, row.Description, row.CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs));
}
