using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Ops;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Web.Features.Ops;
using MonitorHub.Web.Features.Security;

namespace MonitorHub.Web.Tests.Features.Ops;

/// <summary>The Backups page over an app's <see cref="BackupService"/>, signed in as an admin: on SQLite it
/// offers "Back up now"; on PostgreSQL it says backups are the database server's and offers nothing.</summary>
public sealed class BackupsPageTests : ComponentTestContext
{
    private IRenderedComponent<BackupsPage> RenderOn(MonitorHubFactory app)
    {
        _ = app.CreateAdminClient();
        Services.AddSingleton(app.Services.GetRequiredService<BackupService>());
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetPolicies(Policies.Read, Policies.Admin);
        return Render<BackupsPage>();
    }

    [Fact]
    public async Task OnSqlite_OffersABackup()
    {
        await using var app = new MonitorHubFactory(provider: DatabaseProvider.Sqlite);

        var page = RenderOn(app);

        Assert.NotNull(page.Find("[data-testid=create-backup]"));
        Assert.Empty(page.FindAll("[data-testid=backups-by-server]"));
    }

    [Fact]
    public async Task OnPostgreSql_SaysBackupsAreTheDatabaseServers_AndOffersNoButton()
    {
        await using var app = new MonitorHubFactory(provider: DatabaseProvider.PostgreSQL);

        var page = RenderOn(app);

        Assert.Contains("pg_dump", page.Find("[data-testid=backups-by-server]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=create-backup]"));
    }
}
