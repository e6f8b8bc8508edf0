using System.Net;

namespace MonitorHub.Web.Tests.Features.Ops;

/// <summary>Live and ready on the default (SQLite) store; the lost-database case on PostgreSQL is in
/// <see cref="Hosting.PostgreSqlHostTests"/>.</summary>
public sealed class HealthEndpointTests : AdminApiTests
{
    [Fact]
    public async Task Ready_ListsEveryReadyCheck_Healthy()
    {
        var response = await Factory.CreateClientWith(null).GetAsync("/healthz/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["database"] = "Healthy", ["writer"] = "Healthy" }, checks);
    }

    [Fact]
    public async Task WriterStopped_ReadyIs503NamingTheWriter_LiveStays200_AndHealthzSaysUnhealthy()
    {
        var anonymous = Factory.CreateClientWith(null);
        await Factory.Writer.StopAsync(TestContext.Current.CancellationToken);

        var ready = await anonymous.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        Assert.Equal("writer: stopped", (await ready.JsonAsync()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz/live", TestContext.Current.CancellationToken)).StatusCode);
        var healthz = await anonymous.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthz.StatusCode);
        var body = await healthz.JsonAsync();
        Assert.Equal(("unhealthy", "ok", "stopped"), (body.GetProperty("status").GetString(), body.GetProperty("database").GetString(), body.GetProperty("writer").GetString()));
    }
}
