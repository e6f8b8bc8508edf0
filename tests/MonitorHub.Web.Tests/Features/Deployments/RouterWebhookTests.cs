using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Deployments;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>A deployment's router channel: every weight change is sent there as a signed notification.</summary>
public sealed class RouterWebhookTests : WebhookReceiverTests
{
    private async Task<(int Id, string Secret)> ChannelAsync(string kind = "webhook", string? url = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/channels", new { name = "router " + kind, kind, url = url ?? Receiver.Url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("channel").GetProperty("id").GetInt32(), body.GetProperty("secret").ValueKind == JsonValueKind.String ? body.GetProperty("secret").GetString()! : "");
    }

    private async Task<HttpResponseMessage> CreateAsync(int? routerChannel) => await Admin.PostAsJsonAsync("/api/v1/deployments", new
    {
        model = "routed", strategy = "canary", baseline = "v1", candidate = "v2", routerChannel,
        steps = new object[] { new { setWeight = 10 }, new { pause = new { } } },
    });

    [Fact]
    public async Task EveryWeightChange_IsSentSigned_ToTheRouterChannel_AndAnUnknownOrSlackChannelIsRefused()
    {
        (await Admin.PutAsJsonAsync("/api/v1/models/routed", new { samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v1", "v2" }) (await Admin.PostAsJsonAsync("/api/v1/models/routed/versions", new { version })).EnsureSuccessStatusCode();
        var (slack, _) = await ChannelAsync("slack", "https://hooks.slack.com/services/T0/B0/secret");
        foreach (var refused in new[] { 999, slack })
        {
            var bad = await CreateAsync(refused);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("routerChannel", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (channel, secret) = await ChannelAsync();
        var created = await (await CreateAsync(channel)).JsonAsync();
        Assert.Equal(channel, created.GetProperty("routerChannel").GetInt32());
        var id = created.GetProperty("id").GetInt64();

        // The controller starts the rollout, sets 10 % and stops at the pause, in one tick: one notice.
        await Factory.Services.GetRequiredService<DeploymentController>().RunAsync(TestContext.Current.CancellationToken);
        Assert.True(await Receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), "the weight change never reached the router");
        // The abort drops the weight to 0: a second notice.
        (await Admin.PostAsJsonAsync($"/api/v1/deployments/{id}/abort", new { reason = "kill switch" })).EnsureSuccessStatusCode();
        Assert.True(await Receiver.WaitForAsync(2, TimeSpan.FromSeconds(20)), "the abort never reached the router");

        var notices = Receiver.Received.ToList();
        var headers = Receiver.Headers.ToList();
        Assert.Equal(2, notices.Count);
        var bodies = notices.Select(n => JsonDocument.Parse(n.Body).RootElement).OrderBy(b => b.GetProperty("at").GetDateTime()).ThenByDescending(b => b.GetProperty("weight").GetInt32()).ToList();
        Assert.Equal([(10, "paused"), (0, "aborted")], bodies.Select(b => (b.GetProperty("weight").GetInt32(), b.GetProperty("state").GetString())));
        Assert.Equal("Step 0: weight set to 10 %.", bodies[0].GetProperty("reason").GetString());
        Assert.All(bodies, b => Assert.Equal(("deployment.weight", id, "routed", "v2"),
            (b.GetProperty("type").GetString(), b.GetProperty("deploymentId").GetInt64(), b.GetProperty("model").GetString(), b.GetProperty("candidate").GetString())));
        Assert.Equal("kill switch", bodies[1].GetProperty("reason").GetString());
        for (var i = 0; i < notices.Count; i++)
        {
            var timestamp = long.Parse(headers[i].Timestamp!, CultureInfo.InvariantCulture);
            Assert.Equal(Channel.Sign(secret, timestamp, notices[i].Body), notices[i].Signature);
            Assert.Equal(headers[i].Delivery, JsonDocument.Parse(notices[i].Body).RootElement.GetProperty("deliveryId").GetString());
        }
    }
}
