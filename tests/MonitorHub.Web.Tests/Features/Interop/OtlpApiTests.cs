using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Collector;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Resource;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>POST /v1/metrics with bodies written by hand from the OTLP specification (JSON and protobuf).</summary>
public sealed class OtlpApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private HttpClient Admin => fixture.Admin;

    private static string Now => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(contentType);
        if (encoding is not null) content.Headers.ContentEncoding.Add(encoding);
        return client.PostAsync("/v1/metrics", content);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string json, string? encoding = null) =>
        PostAsync(Admin, encoding == "gzip" ? Gzip(Encoding.UTF8.GetBytes(json)) : Encoding.UTF8.GetBytes(json), "application/json", encoding);

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public async Task JsonExport_MapsGaugeSumAndSummary_IgnoresUnknownFields_AndAnswersInJson()
    {
        var json = $$"""
        {
          "resourceMetrics": [{
            "resource": { "attributes": [
              { "key": "service.name", "value": { "stringValue": "ranker" } },
              { "key": "host.name", "value": { "stringValue": "node-1" } } ] },
            "scopeMetrics": [{
              "scope": { "name": "manual", "version": "1.0" },
              "futureScopeField": { "anything": [1, 2, 3] },
              "metrics": [
                { "name": "ranker.queue", "unit": "1",
                  "gauge": { "dataPoints": [ { "asInt": "42", "timeUnixNano": "{{Now}}",
                    "attributes": [ { "key": "shard", "value": { "intValue": "3" } } ] } ] } },
                { "name": "ranker.requests",
                  "sum": { "aggregationTemporality": 1, "isMonotonic": true,
                    "dataPoints": [ { "asDouble": 5, "startTimeUnixNano": "{{Now}}", "timeUnixNano": "{{Now}}",
                      "exemplars": [ { "asDouble": 1, "timeUnixNano": "{{Now}}", "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174" } ] } ] } },
                { "name": "ranker.inflight",
                  "sum": { "aggregationTemporality": 2, "isMonotonic": false,
                    "dataPoints": [ { "asInt": "9", "timeUnixNano": "{{Now}}" } ] } },
                { "name": "ranker.latency",
                  "summary": { "dataPoints": [ { "count": "10", "sum": 123.5, "timeUnixNano": "{{Now}}",
                    "quantileValues": [ { "quantile": 0.5, "value": 11 }, { "quantile": 0.99, "value": 40 } ] } ] } }
              ]
            }]
          }],
          "unknownTopLevel": true
        }
        """;

        var response = await PostJsonAsync(json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await response.JsonAsync()).TryGetProperty("partialSuccess", out _));
        Assert.Equal(42, Assert.Single(await Admin.ValuesAsync("ranker.queue", "max", ("shard", "3"), ("service.name", "ranker"))));
        Assert.Equal(5, await Admin.TotalAsync("ranker.requests", "sum"));
        Assert.Equal(9, await Admin.MaxAsync("ranker.inflight"));
        Assert.Equal(40, Assert.Single(await Admin.ValuesAsync("ranker.latency", "max", ("quantile", "0.99"))));
        // Resource attributes outside the allowlist are not tags.
        Assert.DoesNotContain(await Admin.TagSetsAsync("ranker.queue"), t => t.ContainsKey("host.name"));
        // A summary's count and sum are cumulative: the first point primes them, the next one is stored as increments.
        Assert.Empty(await Admin.ValuesAsync("ranker.latency.count", "sum"));
        var next = json.Replace("\"count\": \"10\", \"sum\": 123.5", "\"count\": \"15\", \"sum\": 200", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(next)).StatusCode);
        Assert.Equal(5, await Admin.TotalAsync("ranker.latency.count", "sum"));
        Assert.Equal(76.5, await Admin.TotalAsync("ranker.latency.sum", "sum"), 9);
    }

    [Fact]
    public async Task DeltaHistogram_InJson_KeepsCountSumMinMaxExact()
    {
        var response = await PostJsonAsync($$"""
        { "resourceMetrics": [ { "scopeMetrics": [ { "metrics": [ { "name": "embed.latency",
          "histogram": { "aggregationTemporality": 1, "dataPoints": [ {
            "startTimeUnixNano": "{{Now}}", "timeUnixNano": "{{Now}}", "count": "6", "sum": 300, "min": 1, "max": 500,
            "bucketCounts": ["1", "2", "3"], "explicitBounds": [10, 100] } ] } } ] } ] } ] }
        """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, await Admin.TotalAsync("embed.latency", "count"));
        Assert.Equal(300, await Admin.TotalAsync("embed.latency", "sum"));
        Assert.Equal(1, await Admin.MinAsync("embed.latency"));
        Assert.Equal(500, await Admin.MaxAsync("embed.latency"));
        // A histogram has no raw samples; a short (raw) range still shows it, from its minute rollup.
        Assert.Equal(6, (await Admin.ValuesAsync("embed.latency", "count", TimeSpan.FromHours(1))).Sum());
        Assert.InRange(Assert.Single(await Admin.ValuesAsync("embed.latency", "p50", TimeSpan.FromHours(1))), 10 * 0.99, 100 * 1.01);
    }

    [Fact]
    public async Task PointsThatCannotBeTaken_AreCountedInPartialSuccess_AndTheRestIsStored()
    {
        var response = await PostJsonAsync($$"""
        { "resourceMetrics": [ { "scopeMetrics": [ { "metrics": [
          { "name": "partial.ok", "gauge": { "dataPoints": [ { "asDouble": 1.5, "timeUnixNano": "{{Now}}" },
                                                            { "asDouble": "NaN", "timeUnixNano": "{{Now}}" },
                                                            { "timeUnixNano": "{{Now}}" } ] } },
          { "name": "drift.forged", "gauge": { "dataPoints": [ { "asDouble": 1, "timeUnixNano": "{{Now}}" } ] } },
          { "name": "partial.flagged", "gauge": { "dataPoints": [ { "flags": 1, "timeUnixNano": "{{Now}}" } ] } }
        ] } ] } ] }
        """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = (await response.JsonAsync()).GetProperty("partialSuccess");
        Assert.Equal("3", partial.GetProperty("rejectedDataPoints").GetString());
        Assert.Contains("drift.", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(1.5, Assert.Single(await Admin.ValuesAsync("partial.ok", "max")));
        Assert.Empty(await Admin.ValuesAsync("drift.forged", "count"));
        // A point flagged "no recorded value" is neither stored nor an error.
        Assert.Empty(await Admin.ValuesAsync("partial.flagged", "count"));
    }

    [Fact]
    public async Task GzipProtobufExport_IsStored_AndAnsweredInProtobuf()
    {
        var request = new ExportMetricsServiceRequest();
        var metric = new Metric { Name = "gz.requests", Gauge = new Gauge() };
        metric.Gauge.DataPoints.Add(new NumberDataPoint { AsInt = 12, TimeUnixNano = ulong.Parse(Now, CultureInfo.InvariantCulture) });
        var scope = new ScopeMetrics();
        scope.Metrics.Add(metric);
        var resource = new ResourceMetrics { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "gz" } });
        resource.ScopeMetrics.Add(scope);
        request.ResourceMetrics.Add(resource);

        var response = await PostAsync(Admin, Gzip(request.ToByteArray()), "application/x-protobuf", "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
        Assert.Equal(12, Assert.Single(await Admin.ValuesAsync("gz.requests", "max", ("service.name", "gz"))));
    }

    [Fact]
    public async Task GzipJson_IsInflated()
    {
        var response = await PostJsonAsync($$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"gzjson.m","gauge":{"dataPoints":[{"asDouble":3,"timeUnixNano":"{{{Now}}}"}]}}]}]}]}""", "gzip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, await Admin.MaxAsync("gzjson.m"));
    }

    public static TheoryData<byte[], string, string?> BadBodies => new()
    {
        { [0xFF, 0xFF, 0xFF, 0x01], "application/x-protobuf", null },
        { Encoding.UTF8.GetBytes("{\"resourceMetrics\": [ {"), "application/json", null },
        { Encoding.UTF8.GetBytes("{\"resourceMetrics\": 5}"), "application/json", null },
        { Encoding.UTF8.GetBytes("not gzip at all"), "application/json", "gzip" },
    };

    [Fact]
    public async Task MalformedPointAfterGoodOnes_Is400_AndNothingOfTheExportIsStored()
    {
        var good = new Metric { Name = "malformed.first", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1, TimeUnixNano = ulong.Parse(Now, CultureInfo.InvariantCulture) } } } };
        // A point whose flags varint never ends (eleven continuation bytes), inside well-formed lengths.
        byte[] badPoint = [0x40, .. Enumerable.Repeat((byte)0xFF, 11), 0x01];
        byte[] badMetric = [.. new Metric { Name = "malformed.second" }.ToByteArray(), .. Field(5, Field(1, badPoint))];
        var export = Field(1, Field(2, [.. Field(2, good.ToByteArray()), .. Field(2, badMetric)]));

        var response = await PostAsync(Admin, export, "application/x-protobuf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty(await Admin.ValuesAsync("malformed.first", "count"));
    }

    /// <summary>A length-delimited protobuf field <paramref name="field"/> holding <paramref name="payload"/>.</summary>
    private static byte[] Field(int field, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(payload));
        }

        return buffer.ToArray();
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task UnreadableBody_Is400NamingTheBody(byte[] body, string contentType, string? encoding)
    {
        var response = await PostAsync(Admin, body, contentType, encoding);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/grpc", null)]
    [InlineData("application/json", "br")]
    public async Task OtherContentTypesOrEncodings_Are415(string contentType, string? encoding)
    {
        var response = await PostAsync(Admin, Encoding.UTF8.GetBytes("{}"), contentType, encoding);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesBothReceiversBodies()
    {
        var paths = (await (await Admin.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        var otlp = paths.GetProperty("/v1/metrics").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(otlp.TryGetProperty("application/x-protobuf", out _));
        Assert.True(otlp.TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/api/v1/write").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/x-protobuf", out _));
    }
}
