using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Tests.Query;

/// <summary>Window summaries (count, sum, min and max per series over a window), each test on a fresh store of the run's provider.</summary>
public sealed class WindowSummaryTests
{
    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync(Dictionary<string, string?>? settings = null) => Task.FromResult(new StoreFixture(settings));

    [Theory]
    [InlineData(300)] // whole minutes plus a ragged minute split between the two ends
    [InlineData(45)] // shorter than a minute: no rollup at all
    [InlineData(61)]
    [InlineData(3600)]
    public async Task WindowSummaries_EqualAggregatesOfTheRawSamples(int windowSeconds)
    {
        await using var store = await CreateStoreAsync();
        var now = StoreFixture.Start.AddSeconds(37.25);
        var random = new Random(11);
        var samples = new List<MetricSample>();
        for (var t = now.AddHours(-2); t < now.AddSeconds(20); t += TimeSpan.FromSeconds(3.3))
        {
            samples.Add(StoreFixture.Sample("svc.latency_ms", Math.Round(100 + 50 * random.NextDouble(), 3), t, ("host", random.Next(2) == 0 ? "a" : "b")));
        }

        foreach (var chunk in samples.Chunk(5_000)) await store.WriteAsync(chunk);

        var from = now.AddSeconds(-windowSeconds);
        var summaries = await store.Get<SeriesQueryService>().WindowSummariesAsync("svc.latency_ms", from, now);

        Assert.Equal(["host=a", "host=b"], summaries.Select(s => s.Tags.Key));
        foreach (var (tags, summary) in summaries)
        {
            // Samples after "now" (a client clock ahead of ours) are outside the window.
            var expected = samples.Where(s => s.Tags.Key == tags.Key && s.Timestamp >= from && s.Timestamp < now).Select(s => s.Value).ToList();
            Assert.Equal(expected.Count, summary.Count);
            Assert.Equal(expected.Sum(), summary.Sum, 6);
            Assert.Equal(expected.Min(), summary.Min);
            Assert.Equal(expected.Max(), summary.Max);
        }
    }

    [Fact]
    public async Task WindowSummaries_ReportASeriesWithoutSamplesInTheWindow_WithACountOfZero()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync([StoreFixture.Sample("svc.errors", 1, StoreFixture.Start.AddMinutes(-30), ("host", "a"))]);

        var summaries = await store.Get<SeriesQueryService>().WindowSummariesAsync("svc.errors", StoreFixture.Start.AddMinutes(-5), StoreFixture.Start);

        Assert.Equal(0, Assert.Single(summaries).Summary.Count);
    }
}
