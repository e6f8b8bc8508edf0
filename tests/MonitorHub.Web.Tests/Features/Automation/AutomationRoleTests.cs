using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Features.Automation;

/// <summary>Who may read and change a system's degree of automation.</summary>
public sealed class AutomationRoleTests(SharedAppFixture app) : IClassFixture<SharedAppFixture>
{
    private HttpClient Admin => app.Admin;

    private static Task<HttpResponseMessage> Change(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/systems/Voice/automation", body);

    [Fact]
    public async Task RoleMatrix_ViewerReads_EditorChanges_KeysWithoutWriteCannot()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "ASR" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Session.CreateUserAsync(Admin, "auto-viewer", "viewer-password-1", "Viewer");
        await Session.CreateUserAsync(Admin, "auto-editor", "editor-password-1", "Editor");
        using var viewer = await Session.SignedInAsync(app.Factory, "auto-viewer", "viewer-password-1");
        using var editor = await Session.SignedInAsync(app.Factory, "auto-editor", "editor-password-1");
        async Task<HttpClient> KeyAsync(string scope)
        {
            var key = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "auto " + scope, scopes = new[] { scope } });
            return app.Factory.CreateClientWith((await key.JsonAsync()).GetProperty("secret").GetString());
        }

        using var ingest = await KeyAsync("ingest");
        using var read = await KeyAsync("read");
        var body = new { degree = "shadowMode", reason = "start shadowing" };

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/systems/Voice/automation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/v1/systems/Voice/automation/thresholds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Change(viewer, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Change(read, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Change(ingest, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Change(editor, body)).StatusCode);

        var history = Assert.Single((await (await Admin.GetAsync("/api/v1/systems/Voice/automation")).JsonAsync()).GetProperty("history").EnumerateArray());
        Assert.Equal(("humanOnly", "shadowMode", "auto-editor", "start shadowing"), (history.GetProperty("from").GetString(), history.GetProperty("to").GetString(),
            history.GetProperty("actor").GetString(), history.GetProperty("reason").GetString()));
    }
}
