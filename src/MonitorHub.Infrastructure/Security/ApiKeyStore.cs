using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

/// <summary>Who a key (or the bootstrap token) speaks for.</summary>
public sealed record ApiKeyPrincipal(string KeyId, string Name, int? SystemId, ApiScopes Scopes);

public sealed record CreatedApiKey(ApiKeyInfo Info, string Secret);

/// <summary>
/// API keys: <c>mhk_{id}_{secret}</c>. Only a salted HMAC of the 256-bit random secret is stored —
/// with that much entropy a slow password hash adds nothing, and a fast one keeps every ingestion
/// request cheap. Validated keys are cached (versioned: a revocation takes effect on the next request).
/// </summary>
public sealed class ApiKeyStore(
    IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, IOptions<MonitorHubOptions> options, TimeProvider clock, Cluster.ClusterInvalidations invalidations)
{
    public const string Prefix = "mhk_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    // Registered by name: a revocation on any node invalidates it on every node.
    private readonly Caching.VersionedCache<string, ApiKeyEntity?> _cache = invalidations.Register(Cluster.CacheNames.ApiKeys, new Caching.VersionedCache<string, ApiKeyEntity?>());
    private readonly ConcurrentDictionary<string, long> _lastUsedWritten = new();

    public async Task<StoreResult<CreatedApiKey>> CreateAsync(
        string? name, int? systemId, IEnumerable<string>? scopes, string actor, CancellationToken cancellationToken = default)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "name", name);
        if (!Access.TryParseScopes(scopes, out var parsed, out var invalid))
            issues.Add(new(null, "scopes", $"Unknown scope '{invalid}'; use {string.Join(", ", Access.ScopeNames)}."));
        else if (parsed == ApiScopes.None)
            issues.Add(new(null, "scopes", "At least one scope is required."));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (systemId is { } sid && !await db.Systems.AnyAsync(s => s.Id == sid, cancellationToken))
            issues.Add(new(null, "systemId", "No such system."));
        if (issues.Count > 0) return StoreResult<CreatedApiKey>.Invalid(issues);

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        var entity = new ApiKeyEntity
        {
            Id = id,
            Name = name!.Trim(),
            SystemId = systemId,
            Scopes = (int)parsed,
            Salt = salt,
            Hash = Hash(salt, secret),
            CreatedBy = actor,
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.ApiKeys.Add(entity);
        var info = ToInfo(entity);
        audit.Add(db, actor, "create", "api-key", id, null, info);
        await db.SaveChangesAsync(cancellationToken);
        return StoreResult<CreatedApiKey>.Ok(new CreatedApiKey(info, $"{Prefix}{id}_{secret}"));
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAtMs).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    public async Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null) return false;
        if (row.RevokedAtMs is null)
        {
            var before = ToInfo(row);
            row.RevokedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            row.RevokedBy = actor;
            audit.Add(db, actor, "revoke", "api-key", id, before, ToInfo(row));
            await db.SaveChangesAsync(cancellationToken);
        }

        invalidations.Invalidate(Cluster.CacheNames.ApiKeys);
        return true;
    }

    /// <summary>The principal for a presented key or token, or null. Constant-time comparisons.</summary>
    public async Task<ApiKeyPrincipal?> ValidateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var token = options.Value.Bootstrap.AdminToken;
        if (!string.IsNullOrEmpty(token) && FixedTimeEquals(presented, token))
            return new ApiKeyPrincipal("bootstrap", "bootstrap admin token", null, ApiScopes.All);

        if (!presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = presented[Prefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split <= 0 || split > 32) return null;
        var id = rest[..split];
        var secret = rest[(split + 1)..];

        // Only real keys are cached: made-up ids must not grow the cache.
        var key = await _cache.GetAsync(id, LoadAsync, cancellationToken, keep: k => k is not null);
        if (key is null || key.RevokedAtMs is not null) return null;
        if (!CryptographicOperations.FixedTimeEquals(Hash(key.Salt, secret), key.Hash)) return null;
        await TouchAsync(id, cancellationToken);
        return new ApiKeyPrincipal(key.Id, key.Name, key.SystemId, (ApiScopes)key.Scopes);
    }

    /// <summary>Whether a key (by id) still exists and is not revoked; the bootstrap token always is.</summary>
    public async Task<bool> IsActiveAsync(string id, CancellationToken cancellationToken = default) =>
        id == "bootstrap" ? !string.IsNullOrEmpty(options.Value.Bootstrap.AdminToken)
            : await _cache.GetAsync(id, LoadAsync, cancellationToken, keep: k => k is not null) is { RevokedAtMs: null };

    private async Task<ApiKeyEntity?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
    }

    /// <summary>Last-used is written at most once a minute per key, not on every request.</summary>
    private async Task TouchAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var last = _lastUsedWritten.GetOrAdd(id, 0);
        // Only the request that wins the update writes; the others carry on.
        if (now - last < LastUsedResolution.TotalMilliseconds || !_lastUsedWritten.TryUpdate(id, now, last)) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAtMs, now), cancellationToken);
    }

    private static ApiKeyInfo ToInfo(ApiKeyEntity k) => new(
        k.Id, k.Name, k.SystemId, (ApiScopes)k.Scopes, k.CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAtMs),
        k.LastUsedAtMs is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
        k.RevokedAtMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
