using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for PostgreSQL without a server:
/// generating a migration only needs the provider's SQL dialect, never a connection.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MonitorHubDbContext>
{
    public MonitorHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MonitorHubDbContext>()
            .UseNpgsql("Host=localhost;Database=monitorhub_design", o => o.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrationsAssembly))
            .Options);
}
