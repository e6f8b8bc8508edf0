using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Security;

public sealed class RevalidatingAuthStateTests
{
    /// <summary>An open tab (a circuit's provider) whose user is disabled loses its user at once, not at the
    /// next revalidation a minute later; with Redis the same "users" change arrives from other nodes.</summary>
    [Fact]
    public async Task OpenTab_OfAUserDisabledMeanwhile_IsSignedOutAtOnce()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        await Session.CreateUserAsync(admin, "tab-user", "tab-password-1", "Viewer");
        await using var circuit = factory.Services.CreateAsyncScope();
        var users = circuit.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await circuit.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByNameAsync("tab-user"))!);
        var provider = Assert.IsAssignableFrom<ServerAuthenticationStateProvider>(circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/users/tab-user", new { disabled = true })).StatusCode);

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotEqual(true, after.User.Identity?.IsAuthenticated);
    }
}
