using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Features.Security;

/// <summary>
/// A Blazor circuit keeps the user it started with for as long as the tab is open. This provider
/// re-checks that user every <c>MonitorHub:Security:RevalidateSeconds</c>: disabling a user or changing
/// their role changes the security stamp, and the open tab then loses access (the router sends it to
/// the sign-in page) instead of keeping the old role until it is closed.
/// </summary>
public sealed class RevalidatingAuthState : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<MonitorHubOptions> options;
    private readonly IHostApplicationLifetime lifetime;
    private readonly IDisposable _onUserChange;

    public RevalidatingAuthState(
        ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<MonitorHubOptions> options, IHostApplicationLifetime lifetime, ClusterInvalidations invalidations)
        : base(loggerFactory)
    {
        this.scopes = scopes;
        this.options = options;
        this.lifetime = lifetime;
        // A user disabled or demoted on any node: this circuit checks its user now, not at its next interval.
        _onUserChange = invalidations.On(CacheNames.Users, () => _ = CheckNowAsync());
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.Security.RevalidateSeconds);

    private Task CheckNowAsync() => Task.Run(async () =>
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated != true || await ValidateAuthenticationStateAsync(state, CancellationToken.None)) return;
            // What the base class does when its periodic check fails: the router then sends the tab to sign-in.
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
#pragma warning disable CA1031 // A circuit not yet given its user, or the database busy: the periodic check still runs.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    });

    protected override void Dispose(bool disposing)
    {
        if (disposing) _onUserChange.Dispose();
        base.Dispose(disposing);
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A tick that lands while the host stops finds its services disposed; the circuit ends with the
        // process anyway, so the user stays as is rather than an error being logged for every open tab.
        if (lifetime.ApplicationStopping.IsCancellationRequested) return true;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await UserIsCurrent.CheckAsync(scope.ServiceProvider, authenticationState.User);
        }
        catch (ObjectDisposedException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return true;
        }
    }
}

/// <summary>The one check both circuits and hub connections use.</summary>
public static class UserIsCurrent
{
    /// <summary>False when a signed-in user was deleted, disabled or had their security stamp changed
    /// (role change, password change) since the cookie was issued. Principals of API keys pass: keys
    /// are checked on every request, and hub connections of revoked keys by <see cref="Hubs.LiveHubConnections"/>.</summary>
    public static async Task<bool> CheckAsync(IServiceProvider services, ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirst(Policies.KeyIdClaim) is not null) return true;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || user.Disabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
