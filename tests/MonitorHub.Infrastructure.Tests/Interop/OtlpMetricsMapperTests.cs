using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Infrastructure.Interop.Otlp;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Collector;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;

namespace MonitorHub.Infrastructure.Tests.Interop;

public sealed class OtlpMetricsMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly ulong NowNs = (ulong)Now.ToUnixTimeMilliseconds() * 1_000_000;

    private static OtlpMetricsMapper Mapper() => new(Options.Create(new MonitorHubOptions()), new FakeTimeProvider(Now));

    private static ExportMetricsServiceRequest Export(params Metric[] metrics)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.AddRange(metrics);
        var resource = new ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static Metric Gauge(string name, params NumberDataPoint[] points)
    {
        var metric = new Metric { Name = name, Gauge = new Gauge() };
        metric.Gauge.DataPoints.AddRange(points);
        return metric;
    }

    [Fact]
    public void PointsWithDifferentAttributes_GetTheirOwnTags_EqualOnesShareThem()
    {
        NumberDataPoint Point(string route) => new() { AsDouble = 1, TimeUnixNano = NowNs, Attributes = { Attribute("route", route) } };
        var batch = Mapper().Map(Export(Gauge("a.b", Point("/x"), Point("/y"), Point("/x")), Gauge("c.d", Point("/y"))));

        Assert.Equal(["route=/x", "route=/y", "route=/x", "route=/y"], batch.Samples.Select(s => s.Tags.Key));
        Assert.Same(batch.Samples[0].Tags, batch.Samples[2].Tags);
    }

    [Fact]
    public void CumulativeExponentialHistogram_WhoseScaleFell_YieldsTheIncrement()
    {
        var mapper = Mapper();
        Metric Histogram(int scale, int offset, ulong[] counts, ulong zero, double sum)
        {
            var point = new ExponentialHistogramDataPoint { StartTimeUnixNano = NowNs - 1, TimeUnixNano = NowNs, Scale = scale, ZeroCount = zero, Sum = sum, Positive = new() { Offset = offset } };
            point.Positive.BucketCounts.AddRange(counts);
            point.Count = zero + counts.Aggregate(0UL, (a, b) => a + b);
            var metric = new Metric { Name = "exp.h", ExponentialHistogram = new() { AggregationTemporality = AggregationTemporality.Cumulative } };
            metric.ExponentialHistogram.DataPoints.Add(point);
            return metric;
        }

        var first = mapper.Map(Export(Histogram(2, 8, [1, 1], 0, 10)));
        Assert.Empty(first.Sketches);
        first.Committed();

        var second = mapper.Map(Export(Histogram(1, 4, [5, 1], 1, 30)));
        var sketch = Assert.Single(second.Sketches).Sketch;
        Assert.Equal(5, sketch.Count);
        Assert.Equal(20, sketch.Sum);
    }

    [Fact]
    public void Summary_GivesQuantileGauges_AndCountSumIncrementsAfterPriming()
    {
        var mapper = Mapper();
        Metric Summary(ulong count, double sum)
        {
            var point = new SummaryDataPoint { StartTimeUnixNano = NowNs - 1, TimeUnixNano = NowNs, Count = count, Sum = sum };
            point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.9, Value = 42 });
            return new Metric { Name = "Rpc Latency", Summary = new Summary { DataPoints = { point } } };
        }

        var first = mapper.Map(Export(Summary(10, 100)));
        var quantile = Assert.Single(first.Samples);
        Assert.Equal("rpc_latency", quantile.Metric);
        Assert.Equal("quantile=0.9", quantile.Tags.Key);
        first.Committed();

        var second = mapper.Map(Export(Summary(14, 130)));
        Assert.Equal(4, second.Samples.Single(s => s.Metric == "rpc_latency.count").Value);
        Assert.Equal(30, second.Samples.Single(s => s.Metric == "rpc_latency.sum").Value);
    }

    [Fact]
    public void FutureOrAncientTimes_AndMissingTemporality_AreRejectedWithReasons()
    {
        var sum = new Metric { Name = "no.temporality", Sum = new Sum { IsMonotonic = true, DataPoints = { new NumberDataPoint { AsInt = 1, TimeUnixNano = NowNs } } } };
        var batch = Mapper().Map(Export(
            Gauge("late.m", new NumberDataPoint { AsDouble = 1, TimeUnixNano = NowNs + 2UL * 3600 * 1_000_000_000 }),
            Gauge("old.m", new NumberDataPoint { AsDouble = 1, TimeUnixNano = 1_000 }),
            sum));

        Assert.Empty(batch.Samples);
        Assert.Equal(3, batch.Rejected);
        Assert.Contains("aggregation_temporality", batch.Message, StringComparison.Ordinal);
    }
}
