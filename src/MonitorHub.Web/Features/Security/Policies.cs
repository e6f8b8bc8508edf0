using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using MonitorHub.Core.Security;

namespace MonitorHub.Web.Features.Security;

/// <summary>One authorization policy per <see cref="Permission"/>; people pass by role, keys by scope.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Operate = "operate";
    public const string Edit = "edit";
    public const string Admin = "admin";
    public const string Ingest = "ingest";

    /// <summary>A batch job's run reports: from the job itself (an ingest key) or from a person or key that may edit.</summary>
    public const string IngestOrEdit = "ingest-or-edit";

    public const string ScopesClaim = "mh:scopes";
    public const string KeyIdClaim = "mh:key";
    public const string SystemClaim = "mh:system";

    public static readonly IReadOnlyDictionary<string, Permission> All = new Dictionary<string, Permission>
    {
        [Read] = Permission.Read,
        [Operate] = Permission.Operate,
        [Edit] = Permission.Edit,
        [Admin] = Permission.Admin,
        [Ingest] = Permission.Ingest,
    };

    public static bool Allows(ClaimsPrincipal user, Permission permission)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        var scopes = user.FindFirst(ScopesClaim)?.Value;
        if (scopes is not null) return Enum.TryParse<ApiScopes>(scopes, out var parsed) && Access.Allows(parsed, permission);
        return RoleOf(user) is { } role && Access.Allows(role, permission);
    }

    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => Enum.TryParse<Role>(c.Value, out var r) ? r : (Role?)null).Max();

    /// <summary>The system an API key is bound to; null for people and unbound keys. A bound key ingests
    /// into, reads and changes only that system's metrics and models.</summary>
    public static int? KeySystem(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(SystemClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;

    /// <summary>Whether a caller bound to a system may see or change something of <paramref name="systemId"/>.</summary>
    public static bool MaySee(this ClaimsPrincipal user, int? systemId) => user.KeySystem() is not { } bound || bound == systemId;

    /// <summary>Admins (people or keys with the admin scope) may change what decides redaction and retention.</summary>
    public static bool IsPrivacyAdmin(this ClaimsPrincipal user) => Allows(user, Permission.Admin);

    /// <summary>The name recorded in the audit log: the user name, or the key's name for keys.</summary>
    public static string ActorName(this ClaimsPrincipal user) =>
        user.FindFirst(KeyIdClaim) is not null ? "key:" + user.Identity?.Name : user.Identity?.Name ?? "anonymous";
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Policies.Allows(context.User, requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
