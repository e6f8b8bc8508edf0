using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

public sealed record UserUpdate(string? DisplayName, Role? Role, bool? Disabled);

/// <summary>Creating users, setting roles and disabling them; each change is audited.
/// Each user holds exactly one (cumulative) role.</summary>
public sealed class UserAdmin(UserManager<AppUser> users, AuditLog audit, TimeProvider clock, Cluster.ClusterInvalidations invalidations)
{
    public static IEnumerable<string> RoleNames => Enum.GetNames<Role>();

    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserInfo>(all.Count);
        foreach (var user in all) result.Add(await ToInfoAsync(user));
        return result;
    }

    public async Task<StoreResult<UserInfo>> CreateAsync(
        string? userName, string? displayName, string? password, Role? role, string actor)
    {
        var issues = new List<ValidationIssue>();
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            issues.Add(new(null, "userName", "1 to 64 letters, digits or . - _ @"));
        if (role is null || !Enum.IsDefined(role.Value)) issues.Add(new(null, "role", "One of " + string.Join(", ", RoleNames) + "."));
        if (string.IsNullOrEmpty(password)) issues.Add(new(null, "password", "Required."));
        if (displayName is { Length: > 200 }) issues.Add(new(null, "displayName", "At most 200 characters."));
        if (issues.Count > 0) return StoreResult<UserInfo>.Invalid(issues);
        // A 400 naming the field, as clients have always had it, rather than a 409.
        if (await users.FindByNameAsync(userName!) is not null) return StoreResult<UserInfo>.Invalid([new(null, "userName", "Already taken.")]);

        var user = new AppUser
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName! : displayName.Trim(),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded) return StoreResult<UserInfo>.Invalid([.. created.Errors.Select(e => new ValidationIssue(null, "password", e.Description))]);
        await users.AddToRoleAsync(user, role!.Value.ToString());
        var info = await ToInfoAsync(user);
        await audit.RecordAsync(actor, "create", "user", user.UserName!, null, info);
        return StoreResult<UserInfo>.Ok(info);
    }

    public async Task<StoreResult<UserInfo>> UpdateAsync(string userName, UserUpdate update, string actor)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return StoreResult<UserInfo>.NotFound();
        if (update.Role is { } r && !Enum.IsDefined(r)) return StoreResult<UserInfo>.Invalid([new(null, "role", "One of " + string.Join(", ", RoleNames) + ".")]);
        if (update.DisplayName is { Length: > 200 }) return StoreResult<UserInfo>.Invalid([new(null, "displayName", "At most 200 characters.")]);
        if (string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase) && (update.Disabled == true || update.Role is { } own && own != Role.Admin))
            return StoreResult<UserInfo>.Invalid([new(null, update.Disabled == true ? "disabled" : "role", "Admins cannot disable or demote themselves.")]);

        var before = await ToInfoAsync(user);
        if (update.DisplayName is { } name && !string.IsNullOrWhiteSpace(name)) user.DisplayName = name.Trim();
        if (update.Disabled is { } disabled)
        {
            user.Disabled = disabled;
            // A disabled user's existing cookies stop working at the next security-stamp check.
            await users.UpdateSecurityStampAsync(user);
        }

        await users.UpdateAsync(user);
        if (update.Role is { } role && role != before.Role)
        {
            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
            await users.AddToRoleAsync(user, role.ToString());
            await users.UpdateSecurityStampAsync(user);
        }

        var after = await ToInfoAsync(user);
        await audit.RecordAsync(actor, "update", "user", user.UserName!, before, after);
        // Every node checks its open circuits and hub connections now rather than at their next interval.
        if (update.Disabled is not null || after.Role != before.Role) invalidations.Invalidate(Cluster.CacheNames.Users);
        return StoreResult<UserInfo>.Ok(after);
    }

    public async Task<Role> RoleOfAsync(AppUser user)
    {
        var roles = await users.GetRolesAsync(user);
        return roles.Select(r => Enum.TryParse<Role>(r, out var parsed) ? parsed : Role.Viewer).DefaultIfEmpty(Role.Viewer).Max();
    }

    private async Task<UserInfo> ToInfoAsync(AppUser user) => new(
        user.Id, user.UserName!, user.DisplayName, await RoleOfAsync(user), user.Disabled,
        user.LockoutEnd is { } end && end > clock.GetUtcNow());
}
