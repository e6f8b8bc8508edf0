using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>The whole app with the PostgreSQL provider: settings are checked before anything opens the
/// database, a node runs end to end on it, and a node that loses the database says so (503) instead of
/// acknowledging samples, then recovers when the database answers again.</summary>
public sealed class PostgreSqlHostTests
{
    [Fact]
    public async Task App_OnPostgreSqlWithoutAConnectionString_StopsTheStart_NamingTheSetting()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Database:Provider"] = "PostgreSQL" });

        var error = Record.Exception(() => factory.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value);

        var validation = Assert.Single(ExceptionChain.Flatten(error), e => e is OptionsValidationException);
        Assert.Contains("MonitorHub:Database:ConnectionString", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_OnPostgreSqlWithoutAHashKey_StopsTheStart_NamingTheSetting()
    {
        await using var factory = new MonitorHubFactory(new()
        {
            ["MonitorHub:Database:Provider"] = "PostgreSQL",
            ["MonitorHub:Database:ConnectionString"] = "Host=127.0.0.1;Database=unused",
        });

        var error = Record.Exception(() => factory.Services.GetRequiredService<IOptions<MonitorHubOptions>>().Value);

        var validation = Assert.Single(ExceptionChain.Flatten(error), e => e is OptionsValidationException);
        Assert.Contains("MonitorHub:Security:HashKey", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_OnPostgreSql_IsReady_IngestsAndAnswersQueries()
    {
        await using var factory = new MonitorHubFactory(provider: DatabaseProvider.PostgreSQL);
        var admin = factory.CreateAdminClient();

        var ready = await admin.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostSamplesAsync(new { metric = "pg.node", value = 3 }, new { metric = "pg.node", value = 4 })).StatusCode);

        Assert.Equal(2, await admin.CountAsync("pg.node"));
        Assert.Equal(1, await factory.Database!.ScalarAsync("SELECT count(*) FROM series"));
    }

    [Fact]
    public async Task NodeThatLostTheDatabase_Answers503OnIngestionAndReadiness_StaysLive_AndRecovers()
    {
        await using var factory = new MonitorHubFactory(provider: DatabaseProvider.PostgreSQL);
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostSamplesAsync(new { metric = "pg.lost", value = 1 })).StatusCode);

        await factory.Database!.DisconnectAsync();
        try
        {
            var ingest = await admin.PostSamplesAsync(new { metric = "pg.lost", value = 2 });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
            Assert.Equal("application/problem+json", ingest.Content.Headers.ContentType?.MediaType);

            var ready = await admin.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var problem = await ready.JsonAsync();
            Assert.Contains("database: unreachable (PostgreSQL)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/healthz/live", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            await factory.Database.ReconnectAsync();
        }

        // The writer reopens its connection. A pooled connection the server terminated is only found broken
        // when next used (and then dropped from the pool), so a client retrying on 503 as told gets through
        // within a few attempts; every refused attempt stored nothing.
        var attempts = 0;
        HttpStatusCode status;
        do
        {
            status = (await admin.PostSamplesAsync(new { metric = "pg.lost", value = 3 })).StatusCode;
            Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"attempt {attempts}: {status}");
        }
        while (status != HttpStatusCode.Accepted && ++attempts < 10);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/healthz/ready", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(2, await factory.Database.ScalarAsync("SELECT count(*) FROM samples"));
    }
}
