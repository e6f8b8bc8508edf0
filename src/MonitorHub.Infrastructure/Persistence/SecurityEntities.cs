using Microsoft.AspNetCore.Identity;

namespace MonitorHub.Infrastructure.Persistence;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Disabled users cannot sign in; their history stays attributable.</summary>
    public bool Disabled { get; set; }

    public long CreatedAtMs { get; set; }
}

public sealed class ApiKeyEntity
{
    /// <summary>Public part of the key (<c>mhk_{Id}_{secret}</c>), used to find the row.</summary>
    public required string Id { get; set; }
    public required string Name { get; set; }
    public int? SystemId { get; set; }
    public int Scopes { get; set; }
    public required byte[] Salt { get; set; }
    public required byte[] Hash { get; set; }
    public required string CreatedBy { get; set; }
    public long CreatedAtMs { get; set; }
    public long? LastUsedAtMs { get; set; }
    public long? RevokedAtMs { get; set; }
    public string? RevokedBy { get; set; }
}

public sealed class AuditEntryEntity
{
    public long Id { get; set; }
    public long AtMs { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

public sealed class SensitiveFieldEntity
{
    public int SystemId { get; set; }
    public required string Name { get; set; }
    public int Mode { get; set; }
}
