using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using MonitorHub.Infrastructure.Cluster;

namespace MonitorHub.Web.Features.Security;

/// <summary>
/// The sign-in cookie's principal check. Identity checks the security stamp once per interval; a cookie
/// issued before the last user change on any node (disabled, role changed: the <see cref="CacheNames.Users"/>
/// invalidation) is checked on its next request instead. One that passes is renewed, so each open session
/// pays one database read per change, not one per request.
/// </summary>
public static class UserChanges
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var changed = services.GetRequiredService<ClusterInvalidations>().LastRun(CacheNames.Users);
        if (context.Principal is { } principal && ChangedSince(changed, context.Properties.IssuedUtc))
        {
            if (!await UserIsCurrent.CheckAsync(services, principal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            context.ShouldRenew = true;
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Cookies keep whole seconds: a change in the second the cookie was issued counts as after it.</summary>
    internal static bool ChangedSince(DateTimeOffset? changed, DateTimeOffset? issued) =>
        changed is { } at && (issued is not { } i || at >= i - TimeSpan.FromSeconds(1));
}
