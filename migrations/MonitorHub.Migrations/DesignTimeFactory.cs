using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Migrations;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MonitorHubDbContext>
{
    public MonitorHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MonitorHubDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(ServiceCollectionExtensions.MigrationsAssembly))
            .Options);
}
