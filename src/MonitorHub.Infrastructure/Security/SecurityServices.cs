using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Ops;

namespace MonitorHub.Infrastructure.Security;

public static class SecurityServices
{
    /// <summary>The audit log, API keys, users, privacy rules and backups (admin operations).</summary>
    public static IServiceCollection AddSecurityStores(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<SensitiveFields>();
        services.AddScoped<UserAdmin>();
        services.AddSingleton<BackupService>();
        return services;
    }
}
