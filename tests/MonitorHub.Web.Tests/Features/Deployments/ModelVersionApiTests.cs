using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Features.Deployments;

public sealed class ModelVersionApiTests(SharedAppFixture app) : IClassFixture<SharedAppFixture>
{
    /// <summary>How the bootstrap admin token is named in decisions and the audit log.</summary>
    private const string Actor = "key:bootstrap admin token";

    private HttpClient Admin => app.Admin;

    [Fact]
    public async Task Create_ThenList_WithAuthorAndTime()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/mv-create", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();

        var created = await Admin.PostAsJsonAsync("/api/v1/models/mv-create/versions", new { version = "v1", description = "first" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await (await Admin.GetAsync("/api/v1/models/mv-create/versions")).JsonAsync();
        var version = Assert.Single(list.EnumerateArray());
        Assert.Equal(("mv-create", "v1", "first", Actor), (version.GetProperty("model").GetString(), version.GetProperty("version").GetString(),
            version.GetProperty("description").GetString(), version.GetProperty("createdBy").GetString()));
        Assert.True(version.GetProperty("createdAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Duplicate_Is409_UnknownModel_Is404_MissingVersion_Is400()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/mv-dup", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/models/mv-dup/versions", new { version = "v1" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsJsonAsync("/api/v1/models/mv-dup/versions", new { version = "v1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsJsonAsync("/api/v1/models/mv-none/versions", new { version = "v1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/models/mv-none/versions")).StatusCode);
        var missing = await Admin.PostAsJsonAsync("/api/v1/models/mv-dup/versions", new { description = "no version" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("version", (await missing.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task VersionsInPredictionLogs_RegisterThemselves()
    {
        var predictions = new[] { new { id = "p1", model = "mv-auto", version = "v3", features = new { x = 1 }, output = "a", timestamp = DateTimeOffset.UtcNow }, new { id = "p2", model = "mv-auto", version = "v4", features = new { x = 2 }, output = "b", timestamp = DateTimeOffset.UtcNow } };
        var logged = await Admin.PostAsJsonAsync("/api/v1/predictions", new { predictions });
        Assert.True(logged.IsSuccessStatusCode, await logged.Content.ReadAsStringAsync());

        var list = await (await Admin.GetAsync("/api/v1/models/mv-auto/versions")).JsonAsync();

        Assert.Equal(["v3", "v4"], list.EnumerateArray().Select(v => v.GetProperty("version").GetString()).Order());
        Assert.All(list.EnumerateArray(), v => Assert.Equal("ingestion", v.GetProperty("createdBy").GetString()));
    }

    [Fact]
    public async Task Viewer_Reads_ButCannotCreate()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/mv-roles", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        await Session.CreateUserAsync(Admin, "mv-viewer", "viewer-password-1", "Viewer");
        using var viewer = await Session.SignedInAsync(app.Factory, "mv-viewer", "viewer-password-1");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/models/mv-roles/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/models/mv-roles/versions", new { version = "v1" })).StatusCode);
    }
}
