using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Tests.Query;

/// <summary>Series queries, each test on a fresh store of the run's provider.</summary>
public sealed class SeriesQueryTests
{
    private static readonly Dictionary<string, string> NoFilter = [];

    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync(Dictionary<string, string?>? settings = null) => Task.FromResult(new StoreFixture(settings));

    [Fact]
    public async Task Retention_DropsRawAfterRawDays_AndRollupsAfterRollupDays()
    {
        await using var store = await CreateStoreAsync(new()
        {
            ["MonitorHub:Retention:RawDays"] = "2", ["MonitorHub:Retention:RollupDays"] = "5", ["MonitorHub:Retention:HourlyDays"] = "5",
        });
        await store.WriteAsync([
            StoreFixture.Sample("m", 1, StoreFixture.Start.AddDays(-6)),
            StoreFixture.Sample("m", 2, StoreFixture.Start.AddDays(-3)),
            StoreFixture.Sample("m", 3, StoreFixture.Start.AddDays(-1)),
        ]);

        var result = await store.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(2, result.SamplesDeleted);
        Assert.Equal(1, result.RollupsDeleted);
        var queries = store.Get<SeriesQueryService>();
        var all = await queries.QueryAsync("m", Plan(store, StoreFixture.Start.AddDays(-7), StoreFixture.Start), Aggregation.Count, NoFilter);
        // -6 d: gone entirely; -3 d: only its rollup is left; -1 d: raw and rollup.
        var points = Assert.Single(all.Series).Points;
        Assert.Equal([StoreFixture.Start.AddDays(-3), StoreFixture.Start.AddDays(-1)], points.Select(p => p.T));
        Assert.All(points, p => Assert.Equal(1, p.V));
    }

    /// <summary>Three days of one sample every 7 s (an awkward period) with two tag values.</summary>
    private static async Task<List<MetricSample>> SeedAsync(StoreFixture store, DateTimeOffset from, TimeSpan length)
    {
        var random = new Random(4);
        var samples = new List<MetricSample>();
        for (var t = from; t < from + length; t += TimeSpan.FromSeconds(7))
        {
            samples.Add(StoreFixture.Sample("asr.latency_ms", Math.Round(150 + 80 * random.NextDouble(), 3), t, ("model_version", random.Next(2) == 0 ? "v7" : "v8")));
        }

        foreach (var chunk in samples.Chunk(10_000)) await store.WriteAsync(chunk);
        return samples;
    }

    private static SeriesQueryPlan Plan(StoreFixture store, DateTimeOffset from, DateTimeOffset to, long? step = null) =>
        store.Get<SeriesQueryService>().Plan(from, to, step, out _)!;

    [Fact]
    public async Task CountOverTheWholeRange_EqualsSamplesStored_OnRollupPath()
    {
        await using var store = await CreateStoreAsync();
        var from = StoreFixture.Start.AddDays(-3);
        var samples = await SeedAsync(store, from, TimeSpan.FromDays(3));

        // Ragged, non-minute-aligned edges exercise the raw edge reads.
        var plan = Plan(store, from.AddSeconds(-13), StoreFixture.Start.AddSeconds(29));
        Assert.True(plan.UseRollups);
        var result = await store.Get<SeriesQueryService>().QueryAsync("asr.latency_ms", plan, Aggregation.Count, NoFilter);

        Assert.Equal(samples.Count, result.Series.Sum(s => s.Points.Sum(p => p.V)));
    }

    [Theory]
    [InlineData(Aggregation.Mean)]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    [InlineData(Aggregation.Count)]
    public async Task RollupPath_EqualsRawAggregates(Aggregation aggregation)
    {
        await using var store = await CreateStoreAsync();
        var from = StoreFixture.Start.AddHours(-8);
        var samples = await SeedAsync(store, from, TimeSpan.FromHours(8));
        var plan = Plan(store, from.AddSeconds(-31), StoreFixture.Start, step: 1800);
        Assert.True(plan.UseRollups);

        var result = await store.Get<SeriesQueryService>().QueryAsync("asr.latency_ms", plan, aggregation, new Dictionary<string, string> { ["model_version"] = "v7" });

        var series = Assert.Single(result.Series);
        var expected = samples.Where(s => s.Tags.Key == "model_version=v7")
            .GroupBy(s => plan.BucketOf(s.Timestamp.ToUnixTimeMilliseconds()))
            .OrderBy(g => g.Key)
            .Select(g => aggregation switch
            {
                Aggregation.Mean => g.Average(s => s.Value),
                Aggregation.Sum => g.Sum(s => s.Value),
                Aggregation.Min => g.Min(s => s.Value),
                Aggregation.Max => g.Max(s => s.Value),
                _ => g.Count(),
            }).ToList();
        Assert.Equal(expected.Count, series.Points.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], series.Points[i].V, 6);
    }

    [Fact]
    public async Task P95FromRollups_IsWithinOnePercentOfExact()
    {
        await using var store = await CreateStoreAsync();
        var from = StoreFixture.Start.AddHours(-10);
        var samples = await SeedAsync(store, from, TimeSpan.FromHours(10));
        var plan = Plan(store, from, StoreFixture.Start, step: 86_400);
        var result = await store.Get<SeriesQueryService>().QueryAsync("asr.latency_ms", plan, Aggregation.P95, NoFilter, mergeSeries: true);

        var exact = ExactQuantile.Of([.. samples.Select(s => s.Value)], 0.95);
        var point = Assert.Single(Assert.Single(result.Series).Points);
        Assert.InRange(point.V, exact * 0.99, exact * 1.01);
    }

    [Fact]
    public async Task TagFilter_SelectsMatchingSeriesOnly()
    {
        await using var store = await CreateStoreAsync();
        await SeedAsync(store, StoreFixture.Start.AddHours(-1), TimeSpan.FromHours(1));
        var plan = Plan(store, StoreFixture.Start.AddHours(-1), StoreFixture.Start);
        var queries = store.Get<SeriesQueryService>();

        Assert.Equal(2, (await queries.QueryAsync("asr.latency_ms", plan, Aggregation.Mean, NoFilter)).Series.Count);
        var v8 = Assert.Single((await queries.QueryAsync("asr.latency_ms", plan, Aggregation.Mean, new Dictionary<string, string> { ["model_version"] = "v8" })).Series);
        Assert.Equal("v8", v8.Tags.ToDictionary()["model_version"]);
        Assert.Empty((await queries.QueryAsync("asr.latency_ms", plan, Aggregation.Mean, new Dictionary<string, string> { ["model_version"] = "v9" })).Series);
    }

    [Fact]
    public async Task Latest_ReturnsNewestSampleAcrossSeries()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync([
            StoreFixture.Sample("m", 1, StoreFixture.Start.AddMinutes(-2), ("a", "1")),
            StoreFixture.Sample("m", 7, StoreFixture.Start.AddMinutes(-1), ("a", "2")),
            StoreFixture.Sample("m", 3, StoreFixture.Start.AddMinutes(-3), ("a", "1")),
        ]);
        var latest = await store.Get<SeriesQueryService>().LatestAsync(["m", "missing"]);
        Assert.Equal(7, latest["m"].V);
        Assert.False(latest.ContainsKey("missing"));
    }
}
