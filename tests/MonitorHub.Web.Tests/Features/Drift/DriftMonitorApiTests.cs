using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Drift;

/// <summary>References, monitors, runs, overlays and detectors through the API, and drift raising an alarm.</summary>
public sealed class DriftMonitorApiTests : AdminApiTests
{
    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>400 predictions two to three hours ago (x ~ N(0,1)) and 400 in the last hour with x shifted by <paramref name="shift"/>.</summary>
    private async Task SeedAsync(string model, double shift)
    {
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        string[] devices = ["pixel", "iphone", "galaxy"];
        object Row(int i, DateTimeOffset t, double offset) => new
        {
            id = $"{model}-{i}", model, version = "v1", timestamp = t,
            features = new { x = Math.Round(Normal(random) + offset, 6), device = devices[random.Next(3)] }, output = "a",
        };
        var rows = Enumerable.Range(0, 400).Select(i => Row(i, now.AddHours(-3).AddSeconds(i * 9), 0))
            .Concat(Enumerable.Range(400, 400).Select(i => Row(i, now.AddMinutes(-59).AddSeconds((i - 400) * 8), shift))).ToArray();
        var response = await Admin.PostPredictionsAsync(rows);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<int> ReferenceAsync(string model)
    {
        var now = DateTimeOffset.UtcNow;
        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{model}/references", new { name = "last week", from = now.AddHours(-3.5), to = now.AddHours(-2) });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        Assert.Equal(400, body.GetProperty("rows").GetInt32());
        return body.GetProperty("id").GetInt32();
    }

    private async Task<int> MonitorAsync(string model, int referenceId)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/drift/monitors", new { name = $"{model} inputs", model, referenceId, window = new { minutes = 60 }, intervalMinutes = 15 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task MonitorRun_FlagsTheShiftedFeature_StoresTheRun_AndServesTheOverlay()
    {
        await SeedAsync("dm-shift", shift: 1.0);
        var monitorId = await MonitorAsync("dm-shift", await ReferenceAsync("dm-shift"));

        var run = await (await Admin.PostAsync($"/api/v1/drift/monitors/{monitorId}/run", null)).JsonAsync();

        Assert.Equal(400, run.GetProperty("rows").GetInt32());
        var columns = run.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(("ks", true), (columns["x"].GetProperty("method").GetString(), columns["x"].GetProperty("drifted").GetBoolean()));
        Assert.True(columns["x"].GetProperty("pValue").GetDouble() < 1e-10);
        Assert.Equal(("chi2", false), (columns["device"].GetProperty("method").GetString(), columns["device"].GetProperty("drifted").GetBoolean()));
        Assert.Equal(0.5, run.GetProperty("share").GetDouble());
        Assert.True(run.GetProperty("datasetDrift").GetBoolean());
        var summary = await (await Admin.GetAsync("/api/v1/models/dm-shift")).JsonAsync();
        Assert.Equal(800, summary.GetProperty("last24Hours").GetProperty("predictions").GetInt64());
        var runs = await (await Admin.GetAsync($"/api/v1/drift/monitors/{monitorId}/runs")).JsonAsync();
        Assert.Equal(run.GetProperty("id").GetInt64(), runs[0].GetProperty("id").GetInt64());

        var overlay = await (await Admin.GetAsync($"/api/v1/drift/monitors/{monitorId}/overlay?feature=x")).JsonAsync();
        var histogram = overlay.GetProperty("histogram");
        Assert.Equal(400, histogram.GetProperty("reference").EnumerateArray().Sum(v => v.GetInt64()));
        Assert.Equal(400, histogram.GetProperty("current").EnumerateArray().Sum(v => v.GetInt64()));
        var bars = (await (await Admin.GetAsync($"/api/v1/drift/monitors/{monitorId}/overlay?feature=device")).JsonAsync()).GetProperty("bars");
        Assert.Equal(["galaxy", "iphone", "pixel"], bars.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task ScheduledRun_ThroughTheHangfireJob_RaisesADriftAlarm_ThroughTheNormalLifecycle()
    {
        await SeedAsync("dm-alarm", shift: 1.5);
        var monitorId = await MonitorAsync("dm-alarm", await ReferenceAsync("dm-alarm"));
        var rule = await (await Admin.PostAsync($"/api/v1/drift/monitors/{monitorId}/alarm", null)).JsonAsync();
        Assert.Equal($"drift.m{monitorId}.dataset_drift", rule.GetProperty("metric").GetString());

        // What Hangfire runs on its schedules, triggered directly rather than waiting for the poller.
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<DriftMonitorJob>().RunDueAsync(TestContext.Current.CancellationToken) >= 1);
            await scope.ServiceProvider.GetRequiredService<RuleEvaluationJob>().RunDueAsync(TestContext.Current.CancellationToken);
        }

        var alarms = await (await Admin.GetAsync($"/api/v1/alarms?ruleId={rule.GetProperty("id").GetInt32()}")).JsonAsync();
        var alarm = Assert.Single(alarms.EnumerateArray());
        Assert.Equal("firing", alarm.GetProperty("state").GetString());
        var ack = await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarm.GetProperty("id").GetInt64()}/ack", new { comment = "new microphones rolled out" });
        Assert.Equal("acknowledged", (await ack.JsonAsync()).GetProperty("state").GetString());
        // The run also sits in the catalogue as a metric of the Input family.
        var metric = await (await Admin.GetAsync($"/api/v1/metrics/drift.m{monitorId}.share")).JsonAsync();
        Assert.Equal("Input", metric.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Ddm_OnTheLabelledErrorStream_DetectsTheConceptChange()
    {
        var detector = await Admin.PostAsJsonAsync("/api/v1/drift/detectors", new { name = "asr errors", kind = "ddm", source = "errors", model = "dm-concept" });
        Assert.True(detector.StatusCode == HttpStatusCode.Created, await detector.Content.ReadAsStringAsync());
        var id = (await detector.JsonAsync()).GetProperty("id").GetInt32();
        var now = DateTimeOffset.UtcNow;
        // 400 predictions; the first 300 labels mostly agree with the output, the last 100 mostly do not.
        var predictions = Enumerable.Range(0, 400).Select(i => (object)new { id = $"c-{i}", model = "dm-concept", timestamp = now.AddMinutes(-30).AddSeconds(i), features = new { x = 1 }, output = "a" }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostPredictionsAsync(predictions)).StatusCode);
        for (var i = 0; i < 400; i += 50)
        {
            var labels = Enumerable.Range(i, 50).Select(j => new { predictionId = $"c-{j}", model = "dm-concept", label = j < 300 ? (j % 20 == 0 ? "b" : "a") : (j % 5 == 0 ? "a" : "b") });
            Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsJsonAsync("/api/v1/labels", new { labels })).StatusCode);
        }

        var signals = await (await Admin.PostAsync($"/api/v1/drift/detectors/{id}/run", null)).JsonAsync();

        Assert.True(signals.GetProperty("signals").GetInt32() >= 1);
        var events = await (await Admin.GetAsync($"/api/v1/drift/detectors/{id}/events")).JsonAsync();
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "drift");
        var list = await (await Admin.GetAsync("/api/v1/drift/detectors?model=dm-concept")).JsonAsync();
        Assert.Equal(400, list[0].GetProperty("processed").GetInt64());
        // Run again: nothing new arrived, so nothing is fed twice.
        Assert.Equal(0, (await (await Admin.PostAsync($"/api/v1/drift/detectors/{id}/run", null)).JsonAsync()).GetProperty("signals").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"m","model":"dm-valid","window":{"minutes":60}}""", "referenceId")]
    [InlineData("""{"name":"m","model":"dm-valid","referenceId":999999}""", "referenceId")]
    [InlineData("""{"name":"m","model":"dm-valid","referenceId":1,"method":"magic"}""", "method")]
    [InlineData("""{"name":"m","model":"dm-valid","referenceId":1,"correction":"holm"}""", "correction")]
    [InlineData("""{"name":"m","model":"dm-valid","referenceId":1,"window":{"minutes":60,"lastPredictions":100}}""", "window")]
    [InlineData("""{"name":"m","model":"dm-valid","referenceId":1,"driftShare":2}""", "driftShare")]
    [InlineData("""{"model":"dm-valid","referenceId":1}""", "name")]
    public async Task BadMonitor_Is400NamingTheField(string json, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/drift/monitors", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("""{"name":"d","kind":"ddm","source":"metric","metric":"m"}""", "source")]
    [InlineData("""{"name":"d","kind":"pageHinkley","source":"metric"}""", "metric")]
    [InlineData("""{"name":"d","kind":"adwin","source":"feature","model":"m"}""", "feature")]
    [InlineData("""{"name":"d","kind":"cusum","source":"metric","metric":"m"}""", "kind")]
    [InlineData("""{"name":"d","kind":"adwin","source":"metric","metric":"m","delta":2}""", "delta")]
    public async Task BadDetector_Is400NamingTheField(string json, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/drift/detectors", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task ReferenceFromAnEmptyRange_Is400()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/models/dm-none/references", new { from = DateTimeOffset.UtcNow.AddDays(-2), to = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CsvReference_IsProfiledOnce_AndBacksAMonitor()
    {
        await SeedAsync("dm-csv", shift: 0);
        var csv = "x,device\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i => $"{(i % 30) / 10.0 - 1.5},{(i % 3 == 0 ? "pixel" : "iphone")}")) + "\n";
        var upload = await Admin.PostAsync("/api/v1/models/dm-csv/references/csv?label=training%20set", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var reference = await upload.JsonAsync();
        Assert.Equal(("training set", "csv", 300), (reference.GetProperty("name").GetString(), reference.GetProperty("kind").GetString(), reference.GetProperty("rows").GetInt32()));
        Assert.Equal(["numeric", "categorical"], reference.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var monitorId = await MonitorAsync("dm-csv", reference.GetProperty("id").GetInt32());
        var run = await (await Admin.PostAsync($"/api/v1/drift/monitors/{monitorId}/run", null)).JsonAsync();
        Assert.Equal(2, run.GetProperty("tested").GetInt32());

        var bad = await Admin.PostAsync("/api/v1/models/dm-csv/references/csv", new StringContent("a,b\n1,\"unclosed\n", System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("body", (await bad.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
