using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Interop.Prometheus.Proto;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>Both receivers go through the same redaction as /api/v1/metrics, histograms included, with a real ingest key.</summary>
public sealed class InteropRedactionTests : AdminApiTests
{
    [Fact]
    public async Task SensitiveAttributesAndLabels_NeverReachTheDatabaseInClear()
    {
        var system = await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Clinic" })).JsonAsync();
        var systemId = system.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/sensitive-fields",
            new { fields = new object[] { new { name = "patient_id", mode = "Hash" }, new { name = "email", mode = "Drop" } } })).StatusCode);
        var key = await (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "collector", systemId, scopes = new[] { "ingest" } })).JsonAsync();
        var secret = key.GetProperty("secret").GetString()!;

        // OTLP, with the key as a bearer token: a delta histogram whose point carries the sensitive attributes.
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var otlp = Factory.CreateClientWith(null);
        otlp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var json = $$"""
        { "resourceMetrics": [ { "scopeMetrics": [ { "metrics": [ { "name": "clinic.wait",
          "histogram": { "aggregationTemporality": 1, "dataPoints": [ { "timeUnixNano": "{{now}}", "count": "2", "sum": 30,
            "bucketCounts": ["1", "1"], "explicitBounds": [10],
            "attributes": [ { "key": "patient_id", "value": { "stringValue": "P-445566" } },
                            { "key": "email", "value": { "stringValue": "ann@example.org" } },
                            { "key": "ward", "value": { "stringValue": "C" } } ] } ] } } ] } ] } ] }
        """;
        Assert.Equal(HttpStatusCode.OK, (await OtlpApiTests.PostAsync(otlp, Encoding.UTF8.GetBytes(json), "application/json")).StatusCode);

        // Remote-write, with the key as X-Api-Key.
        var series = RemoteWriteApiTests.Series(("__name__", "clinic_visits"), ("patient_id", "P-445566"), ("email", "ann@example.org"));
        series.Samples.Add(new Sample { Value = 1, Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        var write = new WriteRequest();
        write.Timeseries.Add(series);
        Assert.Equal(HttpStatusCode.NoContent, (await RemoteWriteApiTests.PostAsync(Factory.CreateClientWith(secret), RemoteWriteApiTests.Compress(write))).StatusCode);

        Assert.False(StoreInspection.Contains(Factory.Services, "P-445566"));
        Assert.False(StoreInspection.Contains(Factory.Services, "ann@example.org"));

        foreach (var metric in new[] { "clinic.wait", "clinic_visits" })
        {
            var tags = Assert.Single(await Admin.TagSetsAsync(metric));
            Assert.StartsWith("hmac:", tags["patient_id"], StringComparison.Ordinal);
            Assert.False(tags.ContainsKey("email"));
        }

        Assert.Equal(2, await Admin.TotalAsync("clinic.wait", "count"));
    }
}
