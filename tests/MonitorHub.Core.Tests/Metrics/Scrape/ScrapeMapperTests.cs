using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Scrape;

namespace MonitorHub.Core.Tests.Metrics.Scrape;

public sealed class ScrapeMapperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Maps a scrape and, unless told otherwise, commits it as the scraper does once it is stored.</summary>
    private static ScrapeMapping Map(string text, CounterState state, DateTimeOffset at, ScrapeSettings? settings = null, bool stored = true)
    {
        var parsed = ExpositionParser.Parse(text);
        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        var mapping = ScrapeMapper.Map(parsed.Families, settings ?? ScrapeSettings.All, state, at);
        if (stored) mapping.Committed();
        return mapping;
    }

    [Fact]
    public void Counter_FirstScrapePrimes_ThenIncrementsPerInterval()
    {
        var state = new CounterState();
        const string Type = "# TYPE http_requests_total counter\n";

        Assert.Empty(Map(Type + "http_requests_total{code=\"200\"} 10\n", state, T0).Samples);
        var second = Map(Type + "http_requests_total{code=\"200\"} 25\n", state, T0.AddSeconds(15));

        var sample = Assert.Single(second.Samples);
        Assert.Equal("http_requests_total", sample.Metric);
        Assert.Equal(15, sample.Value);
        Assert.Equal("code=200", sample.Tags.Key);
        Assert.Equal(T0.AddSeconds(15), sample.Timestamp);
    }

    [Fact]
    public void Counter_ThatDrops_IsAReset_AndCountsFromZero()
    {
        var state = new CounterState();
        const string Type = "# TYPE c counter\n";
        Map(Type + "c_total 100\n", state, T0);

        Assert.Equal(4, Assert.Single(Map(Type + "c_total 4\n", state, T0.AddSeconds(15)).Samples).Value);
        Assert.Equal(6, Assert.Single(Map(Type + "c_total 10\n", state, T0.AddSeconds(30)).Samples).Value);
    }

    [Fact]
    public void Counter_ScrapeNotStored_IsNotRemembered_TheNextCountsBothIntervals()
    {
        var state = new CounterState();
        const string Type = "# TYPE c counter\n";
        Map(Type + "c_total 10\n", state, T0);

        Assert.Equal(5, Assert.Single(Map(Type + "c_total 15\n", state, T0.AddSeconds(15), stored: false).Samples).Value);
        Assert.Equal(12, Assert.Single(Map(Type + "c_total 22\n", state, T0.AddSeconds(30)).Samples).Value);
    }

    [Fact]
    public void Counter_WithANewCreatedTime_IsAReset_EvenWhenHigher()
    {
        var state = new CounterState();
        Map("# TYPE c counter\nc_total 5\nc_created 1000\n", state, T0);

        var after = Map("# TYPE c counter\nc_total 7\nc_created 2000\n", state, T0.AddSeconds(15));

        Assert.Equal(7, Assert.Single(after.Samples).Value);
    }

    [Fact]
    public void GaugesAndUntyped_AreSamplesAsTheyAre_NotFiniteDropped()
    {
        var mapping = Map("# TYPE temp gauge\ntemp{room=\"a\"} 21.5\nuntyped_thing 3\ntemp{room=\"b\"} NaN\n", new CounterState(), T0);

        Assert.Equal([("temp", 21.5), ("untyped_thing", 3.0)], mapping.Samples.Select(s => (s.Metric, s.Value)));
        Assert.Equal(1, mapping.Dropped[ScrapeMapper.NotFinite]);
    }

    [Fact]
    public void Histogram_BucketIncrements_GoToASketch_CountAndSumAsIncrements()
    {
        var state = new CounterState();
        static string Histogram(int b1, int b2, int inf, double sum) =>
            "# TYPE lat histogram\n" +
            $"lat_bucket{{le=\"0.1\"}} {b1}\nlat_bucket{{le=\"1\"}} {b2}\nlat_bucket{{le=\"+Inf\"}} {inf}\nlat_sum {sum}\nlat_count {inf}\n";
        Assert.Empty(Map(Histogram(1, 2, 3, 5), state, T0).Sketches);

        var mapping = Map(Histogram(11, 32, 33, 20), state, T0.AddSeconds(15));

        var sketch = Assert.Single(mapping.Sketches);
        Assert.Equal("lat", sketch.Metric);
        Assert.Equal(30, sketch.Sketch.Count);
        // The same representatives as an OTLP histogram (ExplicitHistogram.ToSketch): 10 in (−∞, 0.1] at
        // its upper bound, 20 in (0.1, 1] at the geometric midpoint √0.1, none above; the sum is _sum's increment.
        Assert.Equal(15, sketch.Sketch.Sum, 1e-9);
        Assert.Equal(0.1, sketch.Sketch.Quantile(0.2), 0.1 * 0.011);
        Assert.Equal(Math.Sqrt(0.1), sketch.Sketch.Quantile(0.9), Math.Sqrt(0.1) * 0.011);
        Assert.Equal([("lat.sum", 15.0), ("lat.count", 30.0)], mapping.Samples.Select(s => (s.Metric, s.Value)));
    }

    [Fact]
    public void Histogram_InfBucket_CountsAtTheHighestFiniteBound_AndResetsStartOver()
    {
        var state = new CounterState();
        const string Type = "# TYPE h histogram\n";
        Map(Type + "h_bucket{le=\"2\"} 5\nh_bucket{le=\"+Inf\"} 9\n", state, T0);

        var mapping = Map(Type + "h_bucket{le=\"2\"} 0\nh_bucket{le=\"+Inf\"} 3\n", state, T0.AddSeconds(15));

        var sketch = Assert.Single(mapping.Sketches).Sketch;
        Assert.Equal(3, sketch.Count);
        Assert.Equal(2, sketch.Max, 2 * 0.011);
    }

    [Fact]
    public void Histogram_WhoseBucketsFallWithinAScrape_IsDropped_NotGuessed()
    {
        var state = new CounterState();
        const string Text = "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 3\nh_bucket{le=\"+Inf\"} 9\n";

        Map(Text, state, T0);
        var mapping = Map(Text, state, T0.AddSeconds(15));

        Assert.Empty(mapping.Sketches);
        Assert.Equal(1, mapping.Dropped[ScrapeMapper.BadHistogram]);
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Summary_IsCountSumAndOneSeriesPerQuantile()
    {
        var state = new CounterState();
        const string Type = "# TYPE rpc summary\n";
        Map(Type + "rpc{quantile=\"0.5\"} 0.2\nrpc_sum 10\nrpc_count 4\n", state, T0);

        var mapping = Map(Type + "rpc{quantile=\"0.5\"} 0.3\nrpc{quantile=\"0.99\"} 0.9\nrpc_sum 13\nrpc_count 10\n", state, T0.AddSeconds(15));

        Assert.Equal([("rpc", "quantile=0.5", 0.3), ("rpc", "quantile=0.99", 0.9), ("rpc.sum", "", 3.0), ("rpc.count", "", 6.0)],
            mapping.Samples.Select(s => (s.Metric, s.Tags.Key, s.Value)));
    }

    [Fact]
    public void Allowlist_KeepsOnlyListedFamilies_WithPrefixes()
    {
        var settings = new ScrapeSettings(["nv_inference_*", "up"], new Dictionary<string, string>());

        var mapping = Map("nv_inference_count 1\nnv_gpu_util 2\nup 1\n", new CounterState(), T0, settings);

        Assert.Equal(["nv_inference_count", "up"], mapping.Samples.Select(s => s.Metric));
    }

    [Fact]
    public void ExtraTags_AreAdded_AndWinOverLabels_EmptyLabelsAreAbsent()
    {
        var settings = new ScrapeSettings([], new Dictionary<string, string> { ["env"] = "prod", ["model"] = "asr" });

        var sample = Assert.Single(Map("g{model=\"x\",empty=\"\",gpu=\"0\"} 1\n", new CounterState(), T0, settings).Samples);

        Assert.Equal("env=prod,gpu=0,model=asr", sample.Tags.Key);
    }

    [Fact]
    public void NamesAreLowercased_AndSeriesPastTagLimits_AreDropped()
    {
        var labels = string.Join(',', Enumerable.Range(0, IngestionLimits.MaxTags + 1).Select(i => $"l{i}=\"v\""));

        var mapping = Map($"Mixed_Case 1\nwide{{{labels}}} 1\nlong{{v=\"{new string('x', 300)}\"}} 1\n", new CounterState(), T0);

        Assert.Equal("mixed_case", Assert.Single(mapping.Samples).Metric);
        Assert.Equal(1, mapping.Dropped[ScrapeMapper.TooManyTags]);
        Assert.Equal(1, mapping.Dropped[ScrapeMapper.TagTooLong]);
    }

    [Fact]
    public void RealPrometheusExposition_MapsTwice_IntoIncrementsAndSketches()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "Scrape", "TestData", "prometheus.txt"));
        var state = new CounterState();

        var first = Map(text, state, T0);
        var second = Map(text, state, T0.AddSeconds(15));

        Assert.Contains(first.Samples, s => s.Metric == "go_goroutines");
        Assert.DoesNotContain(first.Samples, s => s.Metric == "prometheus_http_requests_total");
        // The same text again: every counter increased by zero.
        Assert.All(second.Samples.Where(s => s.Metric == "prometheus_http_requests_total"), s => Assert.Equal(0, s.Value));
        Assert.Contains(second.Samples, s => s.Metric == "go_gc_duration_seconds" && s.Tags.Key == "quantile=0.5");
        Assert.Empty(second.Sketches);
    }
}
