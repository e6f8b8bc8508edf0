namespace MonitorHub.Core.Security;

/// <summary>One recorded change: who, when, what, and the entity before and after (JSON).</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string? Before, string? After);

public sealed record AuditFilter(string? Actor, string? EntityType, DateTimeOffset? From, DateTimeOffset? To, int Skip = 0, int Take = 50);

/// <summary>An API key as listed; the secret is never part of it.</summary>
public sealed record ApiKeyInfo(
    string Id, string Name, int? SystemId, ApiScopes Scopes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

public sealed record UserInfo(string Id, string UserName, string DisplayName, Role Role, bool Disabled, bool LockedOut);
