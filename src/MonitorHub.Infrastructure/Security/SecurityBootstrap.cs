using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

/// <summary>First start: the four roles and an <c>admin</c> user. The password comes from
/// configuration, or is generated and written to the log exactly once (it is never stored in clear).</summary>
public static partial class SecurityBootstrap
{
    public const string AdminUserName = "admin";
    public const string DemoPassword = "monitorhub-demo-1";

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger)
    {
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<MonitorHubOptions>>().Value;
        if (users.Users.Any()) return;

        var configured = options.Bootstrap.AdminPassword;
        var password = !string.IsNullOrEmpty(configured) ? configured : options.Demo ? DemoPassword : Generate();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdmin>();
        var created = await admin.CreateAsync(AdminUserName, "Administrator", password, Role.Admin, "bootstrap");
        if (!created.IsOk)
            throw new InvalidOperationException("MonitorHub:Bootstrap:AdminPassword is not acceptable: " + string.Join(" ", created.Issues.Select(i => i.Reason)));

        if (string.IsNullOrEmpty(configured) && !options.Demo) LogGenerated(logger, AdminUserName, password);
    }

    private static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('/', 'x').Replace('+', 'y') + "-1a";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first user '{User}' with the generated password {Password} — it is shown only this once; change it after signing in.")]
    private static partial void LogGenerated(ILogger logger, string user, string password);
}
