using Microsoft.Data.Sqlite;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Live;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

public sealed class IngestionWriterTests
{
    [Fact]
    public async Task Write_CompletesOnlyAfterCommit_AndStoresEverySample()
    {
        await using var store = new StoreFixture();
        var samples = Enumerable.Range(0, 2_500).Select(i => StoreFixture.Sample("asr.latency_ms", i, StoreFixture.Start.AddSeconds(i))).ToList();

        Assert.Equal(2_500, await store.WriteAsync(samples));

        Assert.Equal(2_500, store.Scalar("SELECT COUNT(*) FROM samples"));
        Assert.Equal(2_500, store.Scalar("SELECT SUM(\"Count\") FROM rollups"));
    }

    [Fact]
    public async Task UnknownMetric_IsRegisteredAsUnclassified()
    {
        await using var store = new StoreFixture();
        await store.WriteAsync([StoreFixture.Sample("new.metric", 1, StoreFixture.Start)]);

        var definition = await store.Get<CatalogueStore>().GetDefinitionAsync("new.metric");
        Assert.NotNull(definition);
        Assert.True(definition.IsUnclassified);
        Assert.Equal("new.metric", definition.DisplayName);
    }

    [Fact]
    public async Task SameTagsInAnyOrder_ShareOneSeries()
    {
        await using var store = new StoreFixture();
        await store.WriteAsync([
            StoreFixture.Sample("m", 1, StoreFixture.Start, ("a", "1"), ("b", "2")),
            StoreFixture.Sample("m", 2, StoreFixture.Start, ("b", "2"), ("a", "1")),
            StoreFixture.Sample("m", 3, StoreFixture.Start, ("a", "9")),
        ]);
        Assert.Equal(2, store.Scalar("SELECT COUNT(*) FROM series"));
    }

    [Fact]
    public async Task FullQueue_IsReportedNotDropped_AndQueuedBatchesCommitOnResume()
    {
        await using var store = new StoreFixture(new() { ["MonitorHub:Ingestion:QueueCapacity"] = "2" });
        var batch = new[] { StoreFixture.Sample("m", 1, StoreFixture.Start) };
        Task<int> first, second;
        using (store.Writer.Pause())
        {
            Assert.Equal(EnqueueResult.Accepted, store.Writer.TryEnqueue(batch, out first));
            Assert.Equal(EnqueueResult.Accepted, store.Writer.TryEnqueue(batch, out second));
            Assert.Equal(EnqueueResult.QueueFull, store.Writer.TryEnqueue(batch, out _));
            Assert.False(first.IsCompleted);
        }

        Assert.Equal(1, await first);
        Assert.Equal(1, await second);
        Assert.Equal(2, store.Scalar("SELECT COUNT(*) FROM samples"));
    }

    [Fact]
    public async Task CommittedSamples_ReachLiveSubscribers()
    {
        await using var store = new StoreFixture();
        var received = new TaskCompletionSource<IReadOnlyList<StoredSample>>();
        using var subscription = store.Get<LiveFeed>().Subscribe(new HashSet<string> { "watched" }, s =>
        {
            received.TrySetResult(s);
            return Task.CompletedTask;
        });

        await store.WriteAsync([StoreFixture.Sample("ignored", 1, StoreFixture.Start), StoreFixture.Sample("watched", 42, StoreFixture.Start)]);

        var samples = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var sample = Assert.Single(samples);
        Assert.Equal(42, sample.Value);
    }

    [Fact]
    public async Task Rollups_SurviveAWriterRestart_AndKeepMerging()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-tests", Guid.NewGuid().ToString("N"));
        // On SQLite: a restart is a second store on the same folder.
        var settings = new Dictionary<string, string?> { ["MonitorHub:DataDirectory"] = directory, [StoreTemplates.ProviderKey] = "Sqlite" };
        await using (var first = new StoreFixture(settings))
        {
            await first.WriteAsync([StoreFixture.Sample("m", 1, StoreFixture.Start), StoreFixture.Sample("m", 3, StoreFixture.Start.AddSeconds(1))]);
        }

        await using var second = new StoreFixture(settings);
        await second.WriteAsync([StoreFixture.Sample("m", 5, StoreFixture.Start.AddSeconds(2))]);
        Assert.Equal(3, second.Scalar("SELECT \"Count\" FROM rollups"));
        Assert.Equal(9, second.Scalar("SELECT CAST(\"Sum\" AS INTEGER) FROM rollups"));
    }
}
