using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

/// <summary>
/// Per-system sensitive fields and their redaction before storage. Rules apply to samples pushed
/// with a key of that system and to samples of metrics assigned to that system. A hashed value is an
/// HMAC under a server secret, so equal values still group together but cannot be reversed or
/// guessed by hashing candidates without the key. The key is <c>MonitorHub:Security:HashKey</c>, or on
/// SQLite (one node) a key generated once into the data folder; on PostgreSQL the setting is required
/// (validated at start-up) so that every node hashes a value alike.
/// </summary>
public sealed class SensitiveFields
{
    public const int MaxFields = 64;
    private readonly IDbContextFactory<MonitorHubDbContext> _contexts;
    private readonly AuditLog _audit;
    private readonly byte[] _hashKey;
    private readonly Caching.VersionedSnapshot<Snapshot> _snapshot;
    private readonly Cluster.ClusterInvalidations _invalidations;

    public SensitiveFields(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, CatalogueStore catalogue, DataPaths paths, IOptions<MonitorHubOptions> options,
        Cluster.ClusterInvalidations invalidations)
    {
        _invalidations = invalidations;
        // Registered by name: a rule changed on any node applies on every node from its next batch.
        _snapshot = invalidations.Register(Cluster.CacheNames.SensitiveFields, new Caching.VersionedSnapshot<Snapshot>());
        _contexts = contexts;
        _audit = audit;
        _hashKey = LoadOrCreateKey(options.Value.Security.HashKey, paths);
        // Metric-to-system assignments change in the catalogue; rebuild the snapshot lazily.
        catalogue.Changed += _snapshot.Invalidate;
    }

    public async Task<IReadOnlyList<SensitiveField>> GetAsync(int systemId, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken)).Rules.GetValueOrDefault(systemId) ?? [];

    public async Task<StoreResult<IReadOnlyList<SensitiveField>>> SetAsync(int systemId, IReadOnlyList<SensitiveField>? fields, string actor, CancellationToken cancellationToken = default)
    {
        var issues = new List<ValidationIssue>();
        fields ??= [];
        if (fields.Count > MaxFields) issues.Add(new(null, "fields", $"At most {MaxFields} fields."));
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(fields[i].Name) || fields[i].Name.Length > IngestionLimits.MaxTagKeyLength)
                issues.Add(new(i, "fields.name", $"1 to {IngestionLimits.MaxTagKeyLength} characters."));
            else if (fields.Take(i).Any(f => string.Equals(f.Name, fields[i].Name, StringComparison.OrdinalIgnoreCase)))
                issues.Add(new(i, "fields.name", "Listed twice."));
            if (!Enum.IsDefined(fields[i].Mode)) issues.Add(new(i, "fields.mode", "Must be Drop or Hash."));
        }

        // A missing system is answered before the fields' issues: there is nothing to fix in them.
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Systems.AnyAsync(s => s.Id == systemId, cancellationToken)) return StoreResult<IReadOnlyList<SensitiveField>>.NotFound();
        if (issues.Count > 0) return StoreResult<IReadOnlyList<SensitiveField>>.Invalid(issues);

        var existing = await db.SensitiveFields.Where(f => f.SystemId == systemId).ToListAsync(cancellationToken);
        var before = existing.Select(f => new SensitiveField(f.Name, (RedactionMode)f.Mode)).ToList();
        db.SensitiveFields.RemoveRange(existing);
        db.SensitiveFields.AddRange(fields.Select(f => new SensitiveFieldEntity { SystemId = systemId, Name = f.Name.Trim(), Mode = (int)f.Mode }));
        _audit.Add(db, actor, "update", "sensitive-fields", systemId.ToString(System.Globalization.CultureInfo.InvariantCulture), before, fields);
        await db.SaveChangesAsync(cancellationToken);
        _invalidations.Invalidate(Cluster.CacheNames.SensitiveFields);
        return StoreResult<IReadOnlyList<SensitiveField>>.Ok(fields);
    }

    /// <summary>Redacts a validated batch; returns it unchanged (same instance) when no rule applies.</summary>
    public async Task<IReadOnlyList<MetricSample>> RedactAsync(IReadOnlyList<MetricSample> samples, int? keySystemId, CancellationToken cancellationToken = default)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        if (snapshot.Rules.Count == 0) return samples;
        var keyRules = keySystemId is { } k ? snapshot.Rules.GetValueOrDefault(k) : null;
        List<MetricSample>? redacted = null;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var tags = sample.Tags;
            if (keyRules is not null) tags = Redaction.Apply(tags, keyRules, Hash);
            if (snapshot.MetricSystems.TryGetValue(sample.Metric, out var metricSystem) && metricSystem != keySystemId
                && snapshot.Rules.TryGetValue(metricSystem, out var metricRules))
            {
                tags = Redaction.Apply(tags, metricRules, Hash);
            }

            if (!ReferenceEquals(tags, sample.Tags))
            {
                redacted ??= [.. samples];
                redacted[i] = sample with { Tags = tags };
            }
        }

        return redacted ?? samples;
    }

    public string Hash(string value)
    {
        var mac = HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value));
        return "hmac:" + Convert.ToHexStringLower(mac.AsSpan(0, 12));
    }

    private ValueTask<Snapshot> SnapshotAsync(CancellationToken cancellationToken) => _snapshot.GetAsync(LoadAsync, cancellationToken);

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rules = (await db.SensitiveFields.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(f => f.SystemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SensitiveField>)[.. g.Select(f => new SensitiveField(f.Name, (RedactionMode)f.Mode))]);
        var systems = rules.Count == 0 ? [] : await db.MetricDefinitions.AsNoTracking()
            .Where(d => d.SystemId != null).ToDictionaryAsync(d => d.Key, d => d.SystemId!.Value, cancellationToken);
        return new Snapshot(rules, systems);
    }

    private static byte[] LoadOrCreateKey(string? configured, DataPaths paths)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Convert.FromBase64String(configured);
        var file = Path.Combine(paths.DataDirectory, "redaction.key");
        if (File.Exists(file)) return Convert.FromBase64String(File.ReadAllText(file).Trim());
        Directory.CreateDirectory(paths.DataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(file, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    private sealed record Snapshot(Dictionary<int, IReadOnlyList<SensitiveField>> Rules, Dictionary<string, int> MetricSystems);
}
