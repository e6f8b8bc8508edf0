using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>An approval step with a webhook: asked while the rollout waits on it; 2xx approves.</summary>
public sealed class ApprovalWebhookTests() : AdminApiTests(new()
    {
        // The receiver listens on loopback, which outbound calls may reach only when allowed.
        ["MonitorHub:Security:AllowedPrivateTargets:0"] = "127.0.0.1",
    })
{
    private WebhookReceiver _receiver = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_Refusing_KeepsWaiting_Answering2xx_Approves()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/hook", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v1", "v2" }) (await Admin.PostAsJsonAsync("/api/v1/models/hook/versions", new { version })).EnsureSuccessStatusCode();
        var created = await Admin.PostAsJsonAsync("/api/v1/deployments", new
        {
            model = "hook", strategy = "canary", baseline = "v1", candidate = "v2",
            steps = new object[] { new { setWeight = 10 }, new { approval = new { webhook = _receiver.Url } }, new { setWeight = 50 }, new { pause = new { } } },
        });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var controller = Factory.Services.GetRequiredService<DeploymentController>();
        var ct = TestContext.Current.CancellationToken;

        await controller.RunAsync(ct);
        _receiver.Status = 503;
        await controller.RunAsync(ct);
        var waiting = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(("paused", 1), (waiting.GetProperty("state").GetString(), waiting.GetProperty("currentStep").GetInt32()));
        Assert.Single(_receiver.Received);
        Assert.Contains("\"candidate\":\"v2\"", _receiver.Received.Single().Body);

        _receiver.Status = 200;
        await controller.RunAsync(ct);

        var approved = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(("paused", 3, 50), (approved.GetProperty("state").GetString(), approved.GetProperty("currentStep").GetInt32(), approved.GetProperty("weight").GetInt32()));
        Assert.Contains(approved.GetProperty("decisions").EnumerateArray(),
            d => d.GetProperty("actor").GetString() == ApprovalWebhook.Actor && d.GetProperty("reason").GetString() == "Step 1: approval webhook answered 200.");
    }
}
