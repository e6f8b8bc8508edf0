using System.Net;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class BackPressureTests
{
    [Fact]
    public async Task FullQueue_Answers429WithRetryAfter_AndEarlierBatchesStillCommit()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Ingestion:QueueCapacity"] = "1" });
        var client = factory.CreateAdminClient();
        await client.GetAsync("/healthz");

        Task<HttpResponseMessage> queued;
        HttpResponseMessage rejected;
        using (factory.Writer.Pause())
        {
            queued = client.PostSamplesAsync(new { metric = "bp.metric", value = 1 });
            await WaitUntil(() => factory.Writer.QueueDepth == 1);
            rejected = await client.PostSamplesAsync(new { metric = "bp.metric", value = 2 });
            Assert.False(queued.IsCompleted, "an acknowledged answer must wait for the commit");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, (await queued).StatusCode);
        Assert.Equal(1, await client.CountAsync("bp.metric"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Polls a condition owned by another thread; bounded so a regression fails instead of hanging.
        for (var i = 0; i < 500 && !condition(); i++) await Task.Yield();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.True(condition());
    }
}
