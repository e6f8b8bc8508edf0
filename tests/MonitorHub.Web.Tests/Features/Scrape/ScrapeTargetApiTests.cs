using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Features.Scrape;

public sealed class ScrapeTargetApiTests() : AdminApiTests(new() { ["MonitorHub:Scrape:Enabled"] = "false" })
{
    private const string Token = "target-bearer-token-s3cret";

    private static object Target(string name = "triton", string url = "http://triton.invalid:8002/metrics") =>
        new { name, url, intervalSeconds = 15, timeoutSeconds = 5, allowlist = new[] { "nv_inference_*" }, extraTags = new { model = "asr" }, bearerToken = Token };

    [Fact]
    public async Task Target_IsCreatedListedUpdatedAndDeleted_TokenNeverReturned()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/scrape-targets", Target());
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Token, createdText, StringComparison.Ordinal);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetInt32();
        Assert.True(body.GetProperty("hasBearerToken").GetBoolean());
        Assert.Equal("unknown", body.GetProperty("health").GetString());
        Assert.Equal("asr", body.GetProperty("extraTags").GetProperty("model").GetString());

        var list = await (await Admin.GetAsync("/api/v1/scrape-targets")).Content.ReadAsStringAsync();
        Assert.Contains("\"triton\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, list, StringComparison.Ordinal);

        // Without a token the stored one stays; "" removes it.
        var kept = await (await Admin.PutAsJsonAsync($"/api/v1/scrape-targets/{id}", new { name = "triton", url = "http://triton.invalid:8002/metrics", intervalSeconds = 30 })).JsonAsync();
        Assert.True(kept.GetProperty("hasBearerToken").GetBoolean());
        Assert.Equal(30, kept.GetProperty("intervalSeconds").GetInt32());
        var removed = await (await Admin.PutAsJsonAsync($"/api/v1/scrape-targets/{id}", new { name = "triton", url = "http://triton.invalid:8002/metrics", bearerToken = "" })).JsonAsync();
        Assert.False(removed.GetProperty("hasBearerToken").GetBoolean());

        var audit = await (await Admin.GetAsync("/api/v1/audit?entityType=scrape-target")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Token, audit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/scrape-targets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/scrape-targets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync($"/api/v1/scrape-targets/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"url":"http://a.invalid/metrics"}""", "name")]
    [InlineData("""{"name":"a","url":"ftp://a.invalid/metrics"}""", "url")]
    [InlineData("""{"name":"a","url":"not a url"}""", "url")]
    [InlineData("""{"name":"a","url":"http://user:pw@a.invalid/metrics"}""", "url")]
    [InlineData("""{"name":"a","url":"http://127.0.0.1:9100/metrics"}""", "url")]
    [InlineData("""{"name":"a","url":"http://169.254.169.254/metrics"}""", "url")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","intervalSeconds":4}""", "intervalSeconds")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","intervalSeconds":10,"timeoutSeconds":10}""", "timeoutSeconds")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","timeoutSeconds":0}""", "timeoutSeconds")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","allowlist":["not-a-name"]}""", "allowlist")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","extraTags":{"bad key":"x"}}""", "extraTags")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","extraTags":{"env":""}}""", "extraTags.env")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","systemId":999}""", "systemId")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","componentId":999}""", "componentId")]
    [InlineData("""{"name":"a","url":"http://a.invalid/metrics","intervalSeconds":"often"}""", "intervalSeconds")]
    public async Task BadTarget_Is400NamingTheField_AndNothingIsStored(string json, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/scrape-targets", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Empty((await (await Admin.GetAsync("/api/v1/scrape-targets")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task SecondTargetWithTheSameName_Is409()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/scrape-targets", Target())).StatusCode);

        var again = await Admin.PostAsJsonAsync("/api/v1/scrape-targets", Target(url: "http://other.invalid/metrics"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Update_OfAMissingTarget_Is404()
    {
        var response = await Admin.PutAsJsonAsync("/api/v1/scrape-targets/999", Target());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Viewer", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("OnCall", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("Editor", HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData("Admin", HttpStatusCode.OK, HttpStatusCode.Created)]
    public async Task Roles_ReadTargets_OnlyEditorsChangeThem(string role, HttpStatusCode list, HttpStatusCode create)
    {
        await Session.CreateUserAsync(Admin, "scrape-" + role.ToLowerInvariant(), "scrape-password-1", role);
        using var client = await Session.SignedInAsync(Factory, "scrape-" + role.ToLowerInvariant(), "scrape-password-1");

        Assert.Equal(list, (await client.GetAsync("/api/v1/scrape-targets")).StatusCode);
        Assert.Equal(create, (await client.PostAsJsonAsync("/api/v1/scrape-targets", Target())).StatusCode);
    }

    [Fact]
    public async Task Anonymous_Is401_AndAnIngestKey_Is403()
    {
        using var anonymous = Factory.CreateClientWith(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/scrape-targets")).StatusCode);
        var key = await (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "pusher", scopes = new[] { "ingest" } })).JsonAsync();
        using var ingest = Factory.CreateClientWith(key.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.PostAsJsonAsync("/api/v1/scrape-targets", Target())).StatusCode);
    }
}
