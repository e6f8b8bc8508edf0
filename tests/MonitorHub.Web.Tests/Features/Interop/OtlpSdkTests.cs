using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>
/// The real OpenTelemetry .NET SDK exporting over OTLP/HTTP protobuf to the app. Exports are driven by
/// ForceFlush (no export timer fires: its interval is far beyond the test). The exporter's HttpClient is
/// the test server's, so no port is opened.
/// </summary>
public sealed class OtlpSdkTests : AdminApiTests
{
    private readonly string _meterName = "monitorhub.tests." + Guid.NewGuid().ToString("N");

    private MeterProvider Provider(Meter meter, Action<MeterProviderBuilder>? views = null)
    {
        var builder = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .ConfigureResource(r => r.AddService("checkout", serviceVersion: "1.4.2").AddAttributes([new("host.name", "build-agent-7")]));
        views?.Invoke(builder);
        return builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri("http://localhost/v1/metrics");
                exporter.Headers = "x-api-key=" + MonitorHubFactory.AdminToken;
                exporter.HttpClientFactory = () => new HttpClient(new SyncCapableHandler(Factory.Server.CreateHandler())) { BaseAddress = new Uri("http://localhost/") };
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)TimeSpan.FromHours(1).TotalMilliseconds;
            })
            .Build()!;
    }

    [Fact]
    public async Task Gauge_IsStoredAsSamples_WithAllowlistedResourceTags()
    {
        using var meter = new Meter(_meterName);
        var depth = 7.0;
        meter.CreateObservableGauge("queue.depth", () => new Measurement<double>(depth, new KeyValuePair<string, object?>("queue", "scoring")));
        using (var provider = Provider(meter))
        {
            Assert.True(provider.ForceFlush());
            depth = 11;
            Assert.True(provider.ForceFlush());
        }

        var max = await Admin.ValuesAsync("queue.depth", "max");
        Assert.Equal(11, max.Max());
        var tags = Assert.Single(await Admin.TagSetsAsync("queue.depth"));
        Assert.Equal("checkout", tags["service.name"]);
        Assert.Equal("1.4.2", tags["service.version"]);
        Assert.Equal("scoring", tags["queue"]);
        // Resource attributes outside the allowlist (host.name, telemetry.sdk.*) do not become tags.
        Assert.False(tags.ContainsKey("host.name"));
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("telemetry.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CumulativeCounter_IsStoredAsIncrements_AcrossExportsAndAReset()
    {
        using (var meter = new Meter(_meterName))
        {
            var orders = meter.CreateCounter<long>("orders.placed");
            using var provider = Provider(meter);
            orders.Add(3, new KeyValuePair<string, object?>("channel", "web"));
            Assert.True(provider.ForceFlush()); // primes: the server has not seen this series before
            orders.Add(4, new KeyValuePair<string, object?>("channel", "web"));
            Assert.True(provider.ForceFlush());
            orders.Add(2, new KeyValuePair<string, object?>("channel", "web"));
            Assert.True(provider.ForceFlush());
        }

        // A restarted process: a new provider has a new start time, and its total starts again from zero.
        using (var meter = new Meter(_meterName))
        {
            var orders = meter.CreateCounter<long>("orders.placed");
            using var provider = Provider(meter);
            orders.Add(5, new KeyValuePair<string, object?>("channel", "web"));
            Assert.True(provider.ForceFlush());
        }

        Assert.Equal(4 + 2 + 5, await Admin.TotalAsync("orders.placed", "sum", ("channel", "web")));
    }

    [Fact]
    public async Task ExplicitHistogram_CountsExact_QuantilesWithinTheirBucket()
    {
        using var meter = new Meter(_meterName);
        var latency = meter.CreateHistogram<double>("checkout.latency", unit: "ms");
        using var provider = Provider(meter, b => b.AddView("checkout.latency", new ExplicitBucketHistogramConfiguration { Boundaries = [10, 50, 100, 500, 1000] }));
        latency.Record(1);
        Assert.True(provider.ForceFlush()); // primes the cumulative series

        var recorded = new List<double>();
        for (var i = 0; i < 100; i++) recorded.Add(i < 60 ? 20 + i % 20 : i < 95 ? 120 + i : 700);
        foreach (var value in recorded) latency.Record(value);
        Assert.True(provider.ForceFlush());

        Assert.Equal(100, await Admin.TotalAsync("checkout.latency", "count"));
        Assert.Equal(recorded.Sum(), await Admin.TotalAsync("checkout.latency", "sum"), 6);
        // The median (a value in 20..39) lies in bucket (10, 50]; the p95 (a value in 155..214 or 700) in (100, 500] or (500, 1000].
        Assert.InRange(Assert.Single(await Admin.ValuesAsync("checkout.latency", "p50")), 10 * 0.99, 50 * 1.01);
        Assert.InRange(Assert.Single(await Admin.ValuesAsync("checkout.latency", "p90")), 100 * 0.99, 500 * 1.01);
    }

    [Fact]
    public async Task ExponentialHistogram_QuantilesWithinTheDocumentedError()
    {
        using var meter = new Meter(_meterName);
        var size = meter.CreateHistogram<double>("payload.size");
        using var provider = Provider(meter, b => b.AddView("payload.size", new Base2ExponentialBucketHistogramConfiguration { MaxSize = 160 }));
        size.Record(1);
        Assert.True(provider.ForceFlush()); // primes

        var recorded = Enumerable.Range(1, 1000).Select(i => (double)i).ToList();
        foreach (var value in recorded) size.Record(value);
        Assert.True(provider.ForceFlush());

        Assert.Equal(1000, await Admin.TotalAsync("payload.size", "count"));
        Assert.Equal(recorded.Sum(), await Admin.TotalAsync("payload.size", "sum"), 6);
        // 1..1000 in 160 buckets needs scale 4 (base 2^(1/16)): a bucket midpoint is within 2.2 % of any value
        // in it, the sketch adds 1 %, and one rank of the rank convention is 0.1 % — 4 % in all.
        foreach (var (agg, q) in new[] { ("p50", 0.50), ("p90", 0.90), ("p99", 0.99) })
        {
            var exact = recorded[(int)Math.Floor(q * (recorded.Count - 1))];
            Assert.InRange(Assert.Single(await Admin.ValuesAsync("payload.size", agg)), exact * 0.96, exact * 1.04);
        }
    }

    [Fact]
    public async Task Export_WithoutKey_IsRefused_AndNothingStored()
    {
        var response = await Factory.CreateClientWith(null).PostAsync("/v1/metrics", new ByteArrayContent([]) { Headers = { ContentType = new("application/x-protobuf") } });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The OTLP exporter sends synchronously on .NET; the test server's handler only answers asynchronously.</summary>
    private sealed class SyncCapableHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken).GetAwaiter().GetResult();
    }
}
