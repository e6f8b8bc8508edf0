using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>/api/v1/deployments end to end: every endpoint and action, bad input naming its field,
/// 409s saying the state, and who may read and act. Each test uses its own model on one shared app.</summary>
public sealed class DeploymentApiTests(SharedAppFixture app) : IClassFixture<SharedAppFixture>
{
    /// <summary>How the bootstrap admin token is named in decisions and the audit log.</summary>
    private const string Actor = "key:bootstrap admin token";

    private HttpClient Admin => app.Admin;

    private static object Canary(string model, params object[] steps) => new
    {
        model, strategy = "canary", baseline = "v7", candidate = "v8",
        steps = steps.Length == 0 ? [new { setWeight = 10 }, new { pause = new { seconds = 600 } }, new { analysis = new { count = 3, intervalSeconds = 60 } }, new { setWeight = 50 }, new { approval = new { } }] : steps,
        analysis = new { metrics = new[] { new { name = "asr.latency_ms", allowedIncrease = 1.1 } }, slices = new[] { "device" }, minSamplesPerArm = 20 },
    };

    /// <summary>A model with versions v7 and v8 registered by hand.</summary>
    private async Task<string> ModelAsync(string model)
    {
        (await Admin.PutAsJsonAsync($"/api/v1/models/{model}", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v7", "v8" })
            Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new { version })).StatusCode);
        return model;
    }

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/deployments", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];
    }

    private Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? reason = "because") =>
        client.PostAsJsonAsync($"/api/v1/deployments/{id}/{action}", reason is null ? new { } : (object)new { reason });

    [Fact]
    public async Task Create_Answers201_WithTheDeployment()
    {
        var model = await ModelAsync("dep-create");

        var response = await Admin.PostAsJsonAsync("/api/v1/deployments", Canary(model));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/deployments/{id}", response.Headers.Location!.ToString());
        Assert.Equal(("canary", "v7", "v8", "pending", 0, 0), (body.GetProperty("strategy").GetString(), body.GetProperty("baseline").GetString(),
            body.GetProperty("candidate").GetString(), body.GetProperty("state").GetString(), body.GetProperty("weight").GetInt32(), body.GetProperty("currentStep").GetInt32()));
        Assert.Equal(10, body.GetProperty("steps")[0].GetProperty("setWeight").GetInt32());
        Assert.Equal(600, body.GetProperty("steps")[1].GetProperty("pause").GetProperty("seconds").GetInt32());
        Assert.Equal(3, body.GetProperty("steps")[2].GetProperty("analysis").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("steps")[4].GetProperty("approval").ValueKind);
        Assert.False(body.TryGetProperty("webhookSecret", out _)); // no approval webhook, nothing to sign
        Assert.Equal("device", body.GetProperty("analysis").GetProperty("slices")[0].GetString());
        Assert.Equal(4, body.GetProperty("analysis").GetProperty("consecutiveErrorLimit").GetInt32());
        Assert.Equal(Actor, body.GetProperty("createdBy").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("lastVerdict").ValueKind);
    }

    [Fact]
    public async Task Create_BadInput_Answers400NamingTheField_AndStoresNothing()
    {
        var model = await ModelAsync("dep-bad");

        Assert.Equal(["candidate"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", new { model, strategy = "canary", baseline = "v7", candidate = "v9", steps = new[] { new { setWeight = 10 } } })));
        Assert.Equal(["steps[2].setWeight"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", Canary(model, new { setWeight = 10 }, new { pause = new { } }, new { setWeight = 101 }))));
        Assert.Equal(["steps"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", new { model, strategy = "canary", baseline = "v7", candidate = "v8", steps = Array.Empty<object>() })));
        Assert.Equal(["steps[0].analysis.count"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", Canary(model, new { analysis = new { count = 0, intervalSeconds = 60 } }))));
        Assert.Equal(["steps[0]"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", Canary(model, new { setWeight = 10, approval = new { } }))));
        Assert.Equal(["steps[0].setWeight"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments",
            new { model, strategy = "shadow", baseline = "v7", candidate = "v8", steps = new[] { new { setWeight = 5 } } })));
        Assert.Equal(["strategy"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments",
            new { model, strategy = "linear", baseline = "v7", candidate = "v8", steps = new[] { new { setWeight = 5 } } })));
        Assert.Equal(["model"], await FieldsAsync(await Admin.PostAsJsonAsync("/api/v1/deployments", Canary("no-such-model"))));

        var list = await (await Admin.GetAsync($"/api/v1/deployments?model={model}")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Actions_MoveTheStateMachine_AndKeepEveryDecisionWithItsReason()
    {
        var model = await ModelAsync("dep-actions");
        var id = (await CreateAsync(Canary(model))).GetProperty("id").GetInt64();
        var controller = app.Factory.Services.GetRequiredService<DeploymentController>();

        // pending: resume and pause are conflicts naming the state; the controller starts it.
        var conflict = await ActAsync(Admin, id, "resume");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("pending", (await conflict.JsonAsync()).GetProperty("detail").GetString());
        await controller.RunAsync(TestContext.Current.CancellationToken);

        // The first background analysis waits a window; run now, with no latency samples, it is inconclusive and pauses the rollout.
        Assert.Equal("progressing", (await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(Admin, id, "analyze")).StatusCode);
        var started = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(("paused", 10, 1), (started.GetProperty("state").GetString(), started.GetProperty("weight").GetInt32(), started.GetProperty("currentStep").GetInt32()));
        Assert.Equal("inconclusive", started.GetProperty("runs")[0].GetProperty("verdict").GetString());
        Assert.Equal("analysis", started.GetProperty("decisions").EnumerateArray().Last().GetProperty("actor").GetString());

        Assert.Equal("progressing", (await (await ActAsync(Admin, id, "resume", "data is coming")).JsonAsync()).GetProperty("state").GetString());
        Assert.Equal("paused", (await (await ActAsync(Admin, id, "pause", "checking dashboards")).JsonAsync()).GetProperty("state").GetString());
        Assert.Equal("progressing", (await (await ActAsync(Admin, id, "resume", "dashboards fine")).JsonAsync()).GetProperty("state").GetString());
        var skipped = await (await ActAsync(Admin, id, "promote", "skip the pause")).JsonAsync();
        Assert.Equal(("progressing", 2), (skipped.GetProperty("state").GetString(), skipped.GetProperty("currentStep").GetInt32()));
        var shipped = await (await ActAsync(Admin, id, "promote", "ship it")).JsonAsync();
        Assert.Equal(("succeeded", 100), (shipped.GetProperty("state").GetString(), shipped.GetProperty("weight").GetInt32()));
        var late = await ActAsync(Admin, id, "abort");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("succeeded", (await late.JsonAsync()).GetProperty("detail").GetString());

        var detail = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        var decisions = detail.GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("to").GetString(), d.GetProperty("actor").GetString(), d.GetProperty("reason").GetString())).ToList();
        Assert.Equal(("progressing", "controller", "Rollout started."), decisions[0]);
        Assert.Equal(
            [("progressing", Actor, "data is coming"), ("paused", Actor, "checking dashboards"), ("progressing", Actor, "dashboards fine"), ("progressing", Actor, "skip the pause"), ("succeeded", Actor, "ship it")],
            decisions[^5..]);
        Assert.Equal(JsonValueKind.Array, detail.GetProperty("runs").ValueKind);
    }

    [Theory]
    [InlineData("abort", "aborted")]
    [InlineData("rollback", "rolledBack")]
    public async Task AbortAndRollback_RouteEveryKeyToTheBaseline(string action, string state)
    {
        var model = await ModelAsync("dep-kill-" + action);
        var id = (await CreateAsync(Canary(model, new { setWeight = 100 }, new { pause = new { } }))).GetProperty("id").GetInt64();
        await app.Factory.Services.GetRequiredService<DeploymentController>().RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal("v8", (await (await Admin.GetAsync($"/api/v1/deployments/{id}/route?key=user-1")).JsonAsync()).GetProperty("version").GetString());

        Assert.Equal(state, (await (await ActAsync(Admin, id, action, "kill switch")).JsonAsync()).GetProperty("state").GetString());

        var route = await (await Admin.GetAsync($"/api/v1/deployments/{id}/route?key=user-1")).JsonAsync();
        Assert.Equal(("v7", "baseline", "model"), (route.GetProperty("version").GetString(), route.GetProperty("arm").GetString(), route.GetProperty("decide").GetString()));
    }

    [Fact]
    public async Task Action_WithoutAReason_Answers400NamingReason()
    {
        var model = await ModelAsync("dep-reason");
        var id = (await CreateAsync(Canary(model))).GetProperty("id").GetInt64();

        Assert.Equal(["reason"], await FieldsAsync(await ActAsync(Admin, id, "abort", reason: null)));
        Assert.Equal(["reason"], await FieldsAsync(await Admin.PostAsync($"/api/v1/deployments/{id}/abort", null)));
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(Admin, 999_999, "abort")).StatusCode);
    }

    [Fact]
    public async Task Route_IsSticky_AndAnswersShadowForAShadowDeployment()
    {
        var model = await ModelAsync("dep-route");
        var id = (await CreateAsync(new { model, strategy = "shadow", baseline = "v7", candidate = "v8", steps = new object[] { new { pause = new { } } } })).GetProperty("id").GetInt64();

        var route = await (await Admin.GetAsync($"/api/v1/deployments/{id}/route?key=abc")).JsonAsync();
        Assert.Equal(("v7", "shadow"), (route.GetProperty("version").GetString(), route.GetProperty("arm").GetString()));
        Assert.Equal(["key"], await FieldsAsync(await Admin.GetAsync($"/api/v1/deployments/{id}/route")));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/deployments/999999/route?key=abc")).StatusCode);
    }

    [Fact]
    public async Task Analyze_RunsNow_AndTheRunIsKeptWithTheDeployment()
    {
        var model = await ModelAsync("dep-analyze");
        var id = (await CreateAsync(Canary(model))).GetProperty("id").GetInt64();

        var response = await Admin.PostAsync($"/api/v1/deployments/{id}/analyze", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.JsonAsync();
        Assert.Equal(("inconclusive", "manual"), (run.GetProperty("verdict").GetString(), run.GetProperty("trigger").GetString()));
        var metric = run.GetProperty("metrics")[0];
        Assert.Equal(("asr.latency_ms", "noData", 0L), (metric.GetProperty("name").GetString(), metric.GetProperty("verdict").GetString(), metric.GetProperty("candidate").GetProperty("n").GetInt64()));
        Assert.Contains("asr.latency_ms", run.GetProperty("reasons")[0].GetString());
        var detail = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(run.GetProperty("id").GetInt64(), detail.GetProperty("runs")[0].GetProperty("id").GetInt64());
        Assert.Equal("inconclusive", detail.GetProperty("lastVerdict").GetString());
        var listed = (await (await Admin.GetAsync($"/api/v1/deployments?model={model}")).JsonAsync()).GetProperty("items")[0];
        Assert.Equal(("inconclusive", JsonValueKind.Null), (listed.GetProperty("lastVerdict").GetString(), listed.GetProperty("runs").ValueKind));
    }

    [Fact]
    public async Task List_FiltersByModel_AndPages()
    {
        var a = await ModelAsync("dep-list-a");
        var b = await ModelAsync("dep-list-b");
        var first = (await CreateAsync(Canary(a))).GetProperty("id").GetInt64();
        await ActAsync(Admin, first, "abort");
        var second = (await CreateAsync(Canary(a))).GetProperty("id").GetInt64();
        await CreateAsync(Canary(b));

        var page = await (await Admin.GetAsync($"/api/v1/deployments?model={a}&take=1")).JsonAsync();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(second, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var next = await (await Admin.GetAsync($"/api/v1/deployments?model={a}&take=1&skip=1")).JsonAsync();
        Assert.Equal(first, next.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal(["take"], await FieldsAsync(await Admin.GetAsync("/api/v1/deployments?take=0")));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/deployments/999999")).StatusCode);
    }

    [Fact]
    public async Task RoleMatrix_ViewerReads_EditorActs_IngestKeysCannotAct()
    {
        var model = await ModelAsync("dep-roles");
        var id = (await CreateAsync(Canary(model))).GetProperty("id").GetInt64();
        await Session.CreateUserAsync(Admin, "dep-viewer", "viewer-password-1", "Viewer");
        await Session.CreateUserAsync(Admin, "dep-editor", "editor-password-1", "Editor");
        using var viewer = await Session.SignedInAsync(app.Factory, "dep-viewer", "viewer-password-1");
        using var editor = await Session.SignedInAsync(app.Factory, "dep-editor", "editor-password-1");
        async Task<HttpClient> KeyAsync(string scope)
        {
            var created = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "dep " + scope, scopes = new[] { scope } });
            return app.Factory.CreateClientWith((await created.JsonAsync()).GetProperty("secret").GetString());
        }

        using var ingest = await KeyAsync("ingest");
        using var read = await KeyAsync("read");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/deployments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/v1/deployments/{id}/route?key=k")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/deployments/{id}/route?key=k")).StatusCode);
        foreach (var action in new[] { "promote", "pause", "resume", "abort", "rollback", "analyze" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(viewer, id, action)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(ingest, id, action)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(read, id, action)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync($"/api/v1/deployments/{id}/route?key=k")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/deployments", Canary(model))).StatusCode);
        var aborted = await ActAsync(editor, id, "abort", "editor says no");
        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        var decision = (await (await viewer.GetAsync($"/api/v1/deployments/{id}")).JsonAsync()).GetProperty("decisions")[0];
        Assert.Equal(("dep-editor", "editor says no"), (decision.GetProperty("actor").GetString(), decision.GetProperty("reason").GetString()));
    }
}
