using Google.Protobuf;
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

    /// <summary>Protobuf concatenation is a merge: <paramref name="parts"/> as one message's bytes, in this order.</summary>
    private static byte[] Concat(params IMessage[] parts) => [.. parts.SelectMany(p => p.ToByteArray())];

    /// <summary>What the generated parser makes of <paramref name="bytes"/>, mapped: the reference the byte walk must equal.</summary>
    private static List<string> Reference(byte[] bytes) => Describe(Mapper().Map(ExportMetricsServiceRequest.Parser.ParseFrom(bytes)));

    private static List<string> Describe(MonitorHub.Core.Metrics.Interop.InteropBatch batch) =>
        [.. batch.Samples.Select(s => $"{s.Metric}|{s.Tags.Key}|{s.Value}|{s.Timestamp:O}"), $"rejected={batch.Rejected}"];

    [Fact]
    public void BytesInAnyFieldOrder_MapAsTheGeneratedParserReadsThem()
    {
        var attributes = new ResourceMetrics { Resource = new() { Attributes = { Attribute("service.name", "asr"), Attribute("ignored.attr", "x") } } };
        var gauge = new Metric { Name = "a.gauge", Gauge = new() { DataPoints = { new NumberDataPoint { AsDouble = 1.5, TimeUnixNano = NowNs, Attributes = { Attribute("gpu", "0") } } } } };
        // The name after the data, a sum that replaces an earlier gauge (a oneof), two gauges that merge,
        // an int value after a double one (the value oneof: the last wins), an unknown field.
        var renamed = Concat(new Metric { Gauge = new() { DataPoints = { new NumberDataPoint { AsDouble = 2, TimeUnixNano = NowNs } } } }, new Metric { Name = "late.name" });
        var replaced = Concat(gauge, new Metric { Name = "a.sum", Sum = new() { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true, DataPoints = { new NumberDataPoint { AsInt = 7, TimeUnixNano = NowNs } } } });
        var merged = Concat(gauge, new Metric { Gauge = new() { DataPoints = { new NumberDataPoint { AsDouble = 3, TimeUnixNano = NowNs } } } });
        var point = Concat(new NumberDataPoint { AsDouble = 9, TimeUnixNano = NowNs }, new NumberDataPoint { AsInt = 4, Attributes = { Attribute("k", "v") } });
        byte[] pointMetric = [.. new Metric { Name = "two.values" }.ToByteArray(), .. Wrap(5, Wrap(1, point))];
            // Scope metrics before the resource, and an unknown field (99) at the export level.
        var resourceMetrics = Concat(new ResourceMetrics { ScopeMetrics = { new ScopeMetrics() } }, attributes);
        byte[] export = [.. Wrap(1, [.. Wrap(2, [.. Wrap(2, renamed), .. Wrap(2, replaced), .. Wrap(2, merged), .. Wrap(2, pointMetric)]), .. resourceMetrics]), .. Wrap(99, [1, 2, 3])];

        var mapped = Describe(Mapper().Map(export, out var points));

        Assert.Equal(Reference(export), mapped);
        Assert.Equal(["late.name|service.name=asr|2", "a.sum|service.name=asr|7", "a.gauge|gpu=0,service.name=asr|1.5", "a.gauge|service.name=asr|3", "two.values|k=v,service.name=asr|4"],
            mapped.SkipLast(1).Select(m => string.Join('|', m.Split('|').Take(3))));
        Assert.Equal(5, points);
    }

    [Fact]
    public void TruncatedBytes_AreAFormatError_NotAPartialBatch()
    {
        var export = Export(Gauge("a.b", new NumberDataPoint { AsDouble = 1, TimeUnixNano = NowNs })).ToByteArray();

        Assert.Throws<FormatException>(() => Mapper().Map(export.AsSpan(0, export.Length - 3), out _));
    }

    /// <summary>A length-delimited field <paramref name="field"/> holding <paramref name="payload"/>.</summary>
    private static byte[] Wrap(int field, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(payload));
        }

        return buffer.ToArray();
    }
}
