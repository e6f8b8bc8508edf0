using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>An approval step with a webhook: asked while the rollout waits on it, signed with the deployment's
/// secret (shown once, at creation); 2xx approves.</summary>
public sealed class ApprovalWebhookTests : WebhookReceiverTests
{
    [Fact]
    public async Task Webhook_Refusing_KeepsWaiting_Answering2xx_Approves()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/hook", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v1", "v2" }) (await Admin.PostAsJsonAsync("/api/v1/models/hook/versions", new { version })).EnsureSuccessStatusCode();
        var created = await Admin.PostAsJsonAsync("/api/v1/deployments", new
        {
            model = "hook", strategy = "canary", baseline = "v1", candidate = "v2",
            steps = new object[] { new { setWeight = 10 }, new { approval = new { webhook = Receiver.Url } }, new { setWeight = 50 }, new { pause = new { } } },
        });
        var createdBody = await created.JsonAsync();
        var id = createdBody.GetProperty("id").GetInt64();
        var secret = createdBody.GetProperty("webhookSecret").GetString()!;
        Assert.Equal(48, secret.Length);
        var controller = Factory.Services.GetRequiredService<DeploymentController>();
        var ct = TestContext.Current.CancellationToken;

        await controller.RunAsync(ct);
        Receiver.Status = 503;
        await controller.RunAsync(ct);
        var waiting = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(("paused", 1), (waiting.GetProperty("state").GetString(), waiting.GetProperty("currentStep").GetInt32()));
        var (body, signature) = Assert.Single(Receiver.Received);
        Assert.Contains("\"candidate\":\"v2\"", body);
        // Signed as a webhook channel's notifications are: the receiver checks it with the secret it was given.
        var timestamp = long.Parse(Receiver.Headers.Single().Timestamp!, CultureInfo.InvariantCulture);
        Assert.Equal(Channel.Sign(secret, timestamp, body), signature);
        Assert.NotEqual(Channel.Sign("some-other-secret-of-48-chars", timestamp, body), signature);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // Never shown again: neither the deployment nor the list carries it.
        Assert.DoesNotContain(secret, await Admin.GetStringAsync($"/api/v1/deployments/{id}"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await Admin.GetStringAsync("/api/v1/deployments?model=hook"), StringComparison.Ordinal);

        Receiver.Status = 200;
        await controller.RunAsync(ct);

        var approved = await (await Admin.GetAsync($"/api/v1/deployments/{id}")).JsonAsync();
        Assert.Equal(("paused", 3, 50), (approved.GetProperty("state").GetString(), approved.GetProperty("currentStep").GetInt32(), approved.GetProperty("weight").GetInt32()));
        Assert.Contains(approved.GetProperty("decisions").EnumerateArray(),
            d => d.GetProperty("actor").GetString() == ApprovalWebhook.Actor && d.GetProperty("reason").GetString() == "Step 1: approval webhook answered 200.");
    }
}
