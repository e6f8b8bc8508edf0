using System.Net;
using Google.Protobuf;
using MonitorHub.Infrastructure.Interop.Prometheus;
using MonitorHub.Infrastructure.Interop.Prometheus.Proto;
using Snappier;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>POST /api/v1/write with WriteRequests built by hand and compressed by Snappier, as Prometheus sends them.</summary>
public sealed class RemoteWriteApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private HttpClient Admin => fixture.Admin;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static TimeSeries Series(params (string Name, string Value)[] labels)
    {
        var series = new TimeSeries();
        foreach (var (name, value) in labels) series.Labels.Add(new Label { Name = name, Value = value });
        return series;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string contentType = "application/x-protobuf", string version = "0.1.0")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add("snappy");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", version);
        return client.SendAsync(request);
    }

    public static byte[] Compress(WriteRequest request) => Snappy.CompressToArray(request.ToByteArray());

    [Fact]
    public async Task WriteRequest_IsStored_LabelsAsTags_StaleMarkersSkipped()
    {
        var requests = Series(("__name__", "prometheus_http_requests_total"), ("job", "prometheus"), ("handler", "/api/v1/query"));
        requests.Samples.Add(new Sample { Value = 10, Timestamp = NowMs - 30_000 });
        requests.Samples.Add(new Sample { Value = 14, Timestamp = NowMs - 15_000 });
        requests.Samples.Add(new Sample { Value = BitConverter.UInt64BitsToDouble(RemoteWriteMapper.StaleMarkerBits), Timestamp = NowMs });
        var up = Series(("__name__", "up"), ("job", "node"), ("instance", "localhost:9100"));
        up.Samples.Add(new Sample { Value = 1, Timestamp = NowMs });
        var request = new WriteRequest();
        request.Timeseries.Add(requests);
        request.Timeseries.Add(up);

        var response = await PostAsync(Admin, Compress(request));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(response.Headers.Contains("X-MonitorHub-Rejected-Samples"));
        Assert.Equal(2, await Admin.TotalAsync("prometheus_http_requests_total", "count", ("handler", "/api/v1/query"), ("job", "prometheus")));
        Assert.Equal(14, await Admin.MaxAsync("prometheus_http_requests_total"));
        var tags = Assert.Single(await Admin.TagSetsAsync("up"));
        Assert.Equal(new Dictionary<string, string> { ["job"] = "node", ["instance"] = "localhost:9100" }, tags);
    }

    [Fact]
    public async Task OtherNaNsAndBadSeries_AreSkippedAndCounted_TheRestStored()
    {
        var quantile = Series(("__name__", "go_gc_duration_seconds"), ("quantile", "0.5"));
        quantile.Samples.Add(new Sample { Value = double.NaN, Timestamp = NowMs });
        var tooManyLabels = Series([("__name__", "wide_metric"), .. Enumerable.Range(0, 20).Select(i => ($"l{i}", "v"))]);
        tooManyLabels.Samples.Add(new Sample { Value = 1, Timestamp = NowMs });
        var fine = Series(("__name__", "rw_fine"));
        fine.Samples.Add(new Sample { Value = 3, Timestamp = NowMs });
        var request = new WriteRequest();
        request.Timeseries.Add(quantile);
        request.Timeseries.Add(tooManyLabels);
        request.Timeseries.Add(fine);

        var response = await PostAsync(Admin, Compress(request));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("X-MonitorHub-Rejected-Samples").Single());
        Assert.Equal(3, await Admin.MaxAsync("rw_fine"));
        Assert.Empty(await Admin.ValuesAsync("wide_metric", "count"));
    }

    [Fact]
    public async Task SeriesWithoutName_Is400_AndNothingOfTheRequestStored()
    {
        var named = Series(("__name__", "rw_before_bad"));
        named.Samples.Add(new Sample { Value = 1, Timestamp = NowMs });
        var nameless = Series(("job", "x"));
        nameless.Samples.Add(new Sample { Value = 1, Timestamp = NowMs });
        var request = new WriteRequest();
        request.Timeseries.Add(named);
        request.Timeseries.Add(nameless);

        var response = await PostAsync(Admin, Compress(request));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("labels.__name__", error.GetProperty("field").GetString());
        Assert.Empty(await Admin.ValuesAsync("rw_before_bad", "count"));
    }

    public static TheoryData<byte[]> Unreadable => new()
    {
        { "definitely not snappy"u8.ToArray() },
        { Snappy.CompressToArray([0xFF, 0xFF, 0xFF, 0x01]) },
        { [] },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task UnreadableBody_Is400(byte[] body)
    {
        var response = await PostAsync(Admin, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0")]
    [InlineData("application/x-protobuf", "2.0.0")]
    [InlineData("application/json", "0.1.0")]
    public async Task RemoteWrite2OrOtherTypes_Are415(string contentType, string version)
    {
        var response = await PostAsync(Admin, Compress(new WriteRequest()), contentType, version);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task WithoutKey_Is401()
    {
        var response = await PostAsync(fixture.Factory.CreateClientWith(null), Compress(new WriteRequest()));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task FullQueue_Is429WithRetryAfter()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Ingestion:QueueCapacity"] = "1" });
        var client = factory.CreateAdminClient();
        await client.GetAsync("/healthz");
        var series = Series(("__name__", "rw_busy"));
        series.Samples.Add(new Sample { Value = 1, Timestamp = NowMs });
        var request = new WriteRequest();
        request.Timeseries.Add(series);

        Task<HttpResponseMessage> queued;
        HttpResponseMessage rejected;
        using (factory.Writer.Pause())
        {
            queued = PostAsync(client, Compress(request));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (factory.Writer.QueueDepth == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
            rejected = await PostAsync(client, Compress(request));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NoContent, (await queued).StatusCode);
    }
}
