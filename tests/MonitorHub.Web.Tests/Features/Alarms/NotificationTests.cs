using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Web.Tests.Features.Alarms;

public sealed class NotificationTests() : WebhookReceiverTests(new()
    {
        ["MonitorHub:Notifications:GroupWaitSeconds"] = "0",
        ["MonitorHub:Notifications:GroupIntervalSeconds"] = "0",
        ["MonitorHub:PublicUrl"] = "https://monitorhub.example",
    })
{
    private async Task<(int Id, string Secret)> CreateChannelAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/channels", new { name = "ops webhook", kind = "webhook", url = Receiver.Url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("channel").GetProperty("id").GetInt32(), body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task TestNotification_ReachesARealReceiver_SignedWithTheChannelSecret()
    {
        var (id, secret) = await CreateChannelAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync($"/api/v1/channels/{id}/test", null)).StatusCode);

        Assert.True(await Receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), "the test notification never arrived");
        var (body, signature) = Receiver.Received.Single();
        var (timestamp, delivery) = Receiver.Headers.Single();
        Assert.Equal(Channel.Sign(secret, long.Parse(timestamp!, System.Globalization.CultureInfo.InvariantCulture), body), signature);
        Assert.InRange(long.Parse(timestamp!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(delivery, JsonDocument.Parse(body).RootElement.GetProperty("deliveryId").GetString());
        Assert.DoesNotContain(secret, await Admin.GetStringAsync("/api/v1/channels"), StringComparison.Ordinal);

        JsonElement log = default;
        for (var i = 0; i < 100 && (log.ValueKind != JsonValueKind.Array || log[0].GetProperty("status").GetString() != "delivered"); i++)
        {
            await Task.Delay(50);
            log = await (await Admin.GetAsync($"/api/v1/channels/{id}/deliveries")).JsonAsync();
        }

        Assert.Equal("delivered", log[0].GetProperty("status").GetString());
        Assert.Equal(1, log[0].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithBackoff_AndTheLogShowsTheError()
    {
        Receiver.Status = 500;
        var (id, _) = await CreateChannelAsync();
        var service = Factory.Services.GetRequiredService<ChannelStore>();
        var delivery = Factory.Services.GetRequiredService<NotificationDelivery>();
        var queued = await Admin.PostAsync($"/api/v1/channels/{id}/test", null);
        Assert.True(queued.StatusCode == HttpStatusCode.Accepted, $"{(int)queued.StatusCode}: {await queued.Content.ReadAsStringAsync()}");
        var notification = (await queued.JsonAsync()).GetProperty("notificationId").GetInt64();
        Assert.True(await Receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)));

        DeliveryView first = default!;
        for (var i = 0; i < 100; i++)
        {
            first = (await service.DeliveriesAsync(id)).Single();
            if (first.Attempts >= 1) break;
            await Task.Delay(50);
        }

        Assert.Equal(DeliveryStatus.Retrying, first.Status);
        Assert.Equal("HTTP 500", first.LastError);

        // The receiver recovers; the next attempt (what the scheduled retry runs) delivers.
        Receiver.Status = 200;
        Assert.Equal(DeliveryStatus.Delivered, await delivery.DeliverAsync(notification, TestContext.Current.CancellationToken));
        var last = (await service.DeliveriesAsync(id)).Single();
        Assert.Equal(2, last.Attempts);
        Assert.Equal(DeliveryStatus.Delivered, await delivery.DeliverAsync(notification, TestContext.Current.CancellationToken));
        Assert.Equal(2, (await service.DeliveriesAsync(id)).Single().Attempts);
    }

    [Fact]
    public async Task FiringAndResolvedAlarms_AreNotifiedOnce_AndSilencedOnesNotAtAll()
    {
        var (channel, _) = await CreateChannelAsync();
        var rule = await (await Admin.PostAsJsonAsync("/api/v1/rules", new { name = "Notify rule", metric = "nt.metric", threshold = 10, channels = new[] { channel } })).JsonAsync();
        var ruleId = rule.GetProperty("id").GetInt32();
        var service = Factory.Services.GetRequiredService<NotificationService>();

        await Admin.PostSamplesAsync(new { metric = "nt.metric", value = 50, tags = new { host = "a" } }, new { metric = "nt.metric", value = 60, tags = new { host = "quiet" } });
        await Admin.PostAsJsonAsync("/api/v1/silences", new { tags = new { host = "quiet" }, comment = "known noisy host" });
        var alarms = await (await Admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync();
        Assert.Equal(2, alarms.GetArrayLength());

        Assert.Equal(1, await service.DispatchAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await service.DispatchAsync(TestContext.Current.CancellationToken));
        Assert.True(await Receiver.WaitForAsync(1, TimeSpan.FromSeconds(20)));
        var firing = JsonDocument.Parse(Receiver.Received.First().Body).RootElement;
        Assert.Equal("firing", firing.GetProperty("status").GetString());
        var notified = Assert.Single(firing.GetProperty("alarms").EnumerateArray());
        Assert.Equal("a", notified.GetProperty("tags").GetProperty("host").GetString());
        Assert.StartsWith("https://monitorhub.example/alarms/", notified.GetProperty("url").GetString(), StringComparison.Ordinal);

        var alarmA = alarms.EnumerateArray().Single(a => a.GetProperty("tags").GetProperty("host").GetString() == "a").GetProperty("id").GetInt64();
        await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarmA}/resolve", new { comment = "fixed" });
        Assert.Equal(1, await service.DispatchAsync(TestContext.Current.CancellationToken));
        Assert.True(await Receiver.WaitForAsync(2, TimeSpan.FromSeconds(20)));
        Assert.Equal("resolved", JsonDocument.Parse(Receiver.Received.Last().Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(0, await service.DispatchAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("""{"name":"","url":"http://x"}""", "name")]
    [InlineData("""{"name":"a","url":"ftp://x"}""", "url")]
    [InlineData("""{"name":"a","url":"http://x","kind":"pager"}""", "kind")]
    [InlineData("""{"name":"a","url":"http://x","secret":"short"}""", "secret")]
    public async Task InvalidChannel_Is400NamingTheField(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/channels", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }
}
