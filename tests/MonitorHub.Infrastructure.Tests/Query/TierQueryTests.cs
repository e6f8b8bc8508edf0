using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Tests.Query;

/// <summary>A chart read from the hourly or five-minute tier agrees with the finer tiers and with the samples. Each test on a fresh store of the run's provider.</summary>
public sealed class TierQueryTests
{
    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync(Dictionary<string, string?>? settings = null) => Task.FromResult(new StoreFixture(settings));

    private static readonly Dictionary<string, string> NoFilter = [];

    private static async Task<List<MetricSample>> SeedAsync(StoreFixture store, DateTimeOffset from, TimeSpan length)
    {
        var random = new Random(11);
        var samples = new List<MetricSample>();
        for (var t = from; t < from + length; t += TimeSpan.FromSeconds(11))
        {
            samples.Add(StoreFixture.Sample("m", Math.Round(100 + 50 * random.NextDouble(), 3), t, ("host", random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        foreach (var chunk in samples.Chunk(10_000)) await store.WriteAsync(chunk);
        return samples;
    }

    [Theory]
    [InlineData(Aggregation.Count)]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    public async Task HourlyBuckets_EqualTheirHalfHoursFromMinutes(Aggregation aggregation)
    {
        await using var store = await CreateStoreAsync();
        await SeedAsync(store, StoreFixture.Start.AddDays(-2), TimeSpan.FromDays(2));
        var queries = store.Get<SeriesQueryService>();
        var from = StoreFixture.Start.AddDays(-2).AddMinutes(17).AddSeconds(3);
        var to = StoreFixture.Start.AddMinutes(-23).AddSeconds(-41);
        var hourly = queries.Plan(from, to, 3600, out _)!;
        var halfHourly = queries.Plan(from, to, 1800, out _)!;
        Assert.True(hourly.UseHours);
        Assert.False(halfHourly.UseHours);

        await AssertFoldsInto(queries, hourly, halfHourly, aggregation);
    }

    [Theory]
    [InlineData(Aggregation.Count)]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    public async Task FiveMinuteBuckets_EqualTheirMinutesFromTheMinuteTier(Aggregation aggregation)
    {
        await using var store = await CreateStoreAsync();
        await SeedAsync(store, StoreFixture.Start.AddDays(-1), TimeSpan.FromDays(1));
        var queries = store.Get<SeriesQueryService>();
        var from = StoreFixture.Start.AddDays(-1).AddMinutes(17).AddSeconds(3);
        var to = StoreFixture.Start.AddMinutes(-23).AddSeconds(-41);
        var fiveMinutes = queries.Plan(from, to, 300, out _)!;
        var minutes = queries.Plan(from, to, 60, out _)!;
        Assert.Equal(StorageTier.FiveMinute, fiveMinutes.CoarsestTier);
        Assert.Contains(fiveMinutes.Segments(), s => s.Tier == StorageTier.FiveMinute);
        Assert.Equal(StorageTier.Minute, minutes.CoarsestTier);

        await AssertFoldsInto(queries, fiveMinutes, minutes, aggregation);
    }

    /// <summary>The fine chart's points folded into the coarse plan's buckets equal the coarse chart.</summary>
    private static async Task AssertFoldsInto(SeriesQueryService queries, SeriesQueryPlan coarse, SeriesQueryPlan fine, Aggregation aggregation)
    {
        var byCoarse = await queries.QueryAsync("m", coarse, aggregation, NoFilter);
        var byFine = await queries.QueryAsync("m", fine, aggregation, NoFilter);

        Assert.Equal(3, byCoarse.Series.Count);
        for (var s = 0; s < byCoarse.Series.Count; s++)
        {
            var merged = byFine.Series[s].Points
                .GroupBy(p => coarse.BucketOf(p.T.ToUnixTimeMilliseconds()))
                .Select(g => aggregation switch
                {
                    Aggregation.Min => g.Min(p => p.V),
                    Aggregation.Max => g.Max(p => p.V),
                    _ => g.Sum(p => p.V),
                }).ToList();
            Assert.Equal(merged.Count, byCoarse.Series[s].Points.Count);
            for (var i = 0; i < merged.Count; i++) Assert.Equal(merged[i], byCoarse.Series[s].Points[i].V, 6);
        }
    }

    [Theory]
    [InlineData(86_400, StorageTier.Hour)]
    [InlineData(300, StorageTier.FiveMinute)]
    public async Task CountOverARaggedRange_EqualsTheSamplesStored_AndP95StaysWithinOnePercent(long step, StorageTier tier)
    {
        await using var store = await CreateStoreAsync();
        var samples = await SeedAsync(store, StoreFixture.Start.AddDays(-3), TimeSpan.FromDays(3));
        var queries = store.Get<SeriesQueryService>();
        var from = StoreFixture.Start.AddDays(-3).AddHours(5).AddMinutes(7).AddSeconds(13);
        var to = StoreFixture.Start.AddHours(-2).AddMinutes(-11).AddSeconds(-5);
        var plan = queries.Plan(from, to, step, out _)!;
        Assert.Contains(plan.Segments(), s => s.Tier == tier);
        var inRange = samples.Where(s => s.Timestamp >= from && s.Timestamp < to).ToList();

        var count = await queries.QueryAsync("m", plan, Aggregation.Count, NoFilter, mergeSeries: true);
        var p95 = await queries.QueryAsync("m", plan, Aggregation.P95, NoFilter, mergeSeries: true);

        Assert.Equal(inRange.Count, Assert.Single(count.Series).Points.Sum(p => p.V));
        foreach (var point in Assert.Single(p95.Series).Points)
        {
            var bucket = inRange.Where(s => plan.BucketOf(s.Timestamp.ToUnixTimeMilliseconds()) == point.T.ToUnixTimeMilliseconds()).Select(s => s.Value).ToList();
            var exact = ExactQuantile.Of(bucket, 0.95);
            Assert.InRange(point.V, exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public async Task RuleWindowSummaries_ReadWholeHoursFromTheHourTier_AndStayExact()
    {
        await using var store = await CreateStoreAsync();
        var samples = await SeedAsync(store, StoreFixture.Start.AddHours(-30), TimeSpan.FromHours(30));
        var from = StoreFixture.Start.AddHours(-26).AddSeconds(-7);

        var summaries = await store.Get<SeriesQueryService>().WindowSummariesAsync("m", from, StoreFixture.Start.AddSeconds(-1));

        foreach (var (tags, summary) in summaries)
        {
            var values = samples.Where(s => s.Tags.Key == tags.Key && s.Timestamp >= from && s.Timestamp < StoreFixture.Start.AddSeconds(-1)).Select(s => s.Value).ToList();
            Assert.Equal(values.Count, summary.Count);
            Assert.Equal(values.Sum(), summary.Sum, 6);
            Assert.Equal(values.Min(), summary.Min);
            Assert.Equal(values.Max(), summary.Max);
        }
    }

    [Theory]
    [InlineData(null, 800)]
    [InlineData("1000", 1000)]
    public async Task ChartRange_ReachesAsFarBackAsTheHourTierKeepsData(string? hourlyDays, int longestDays)
    {
        await using var store = await CreateStoreAsync(hourlyDays is null ? null : new() { ["MonitorHub:Retention:HourlyDays"] = hourlyDays });
        var queries = store.Get<SeriesQueryService>();
        var now = store.Clock.GetUtcNow();

        var longest = queries.Plan(now.AddDays(-longestDays), now, null, out _);
        var tooLong = queries.Plan(now.AddDays(-longestDays - 1), now, null, out var issue);

        Assert.NotNull(longest);
        Assert.True(longest.UseHours);
        Assert.Null(tooLong);
        Assert.Equal("from", issue!.Field);
    }
}
