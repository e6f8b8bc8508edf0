using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Models;

public sealed class PredictionApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private HttpClient Admin => fixture.Admin;

    private static object Prediction(string id, string model, DateTimeOffset t, object? features = null, object? output = null, double? score = 0.9, double? latencyMs = 80) =>
        new { id, model, version = "v7", timestamp = t, features = features ?? new { input_volume = 0.42, device = "pixel", x = (object?)null }, output = output ?? "hello", score, latencyMs };

    private async Task<List<PredictionEntity>> StoredAsync(string model)
    {
        await using var db = await fixture.Factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Predictions.AsNoTracking().Where(p => p.Model == model).OrderBy(p => p.PredictionId).ToListAsync(TestContext.Current.CancellationToken);
    }

    private Task<double> MeanAsync(string metric) => AggregateAsync(metric, "mean");

    /// <summary>One aggregate over the last day (a single day-wide bucket).</summary>
    private async Task<double> AggregateAsync(string metric, string agg)
    {
        // A step of a century: every sample of the last hour lands in one bucket.
        var to = DateTimeOffset.UtcNow.AddMinutes(2);
        var body = await (await Admin.GetAsync($"/api/v1/metrics/{metric}/series?agg={agg}&step=3153600000&from={to.AddHours(-1):O}&to={to:O}".Replace("+", "%2B", StringComparison.Ordinal))).JsonAsync();
        return Assert.Single(Assert.Single(body.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray()).GetProperty("v").GetDouble();
    }

    [Fact]
    public async Task AcceptedBatch_IsStored_AndDerivedMetricsAreQueryableAndClassified()
    {
        var now = DateTimeOffset.UtcNow;
        var response = await Admin.PostPredictionsAsync(
            Prediction("p-1", "asr", now.AddSeconds(-3)),
            Prediction("p-2", "asr", now.AddSeconds(-2), new { input_volume = 0.58, device = "iphone" }, latencyMs: 120),
            new { id = "p-3", model = "asr", version = "v7", timestamp = now.AddSeconds(-1).ToUnixTimeMilliseconds(), features = new { device = "pixel" }, output = "hi" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((3, 0, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32(), body.GetProperty("sampledOut").GetInt32()));
        var stored = await StoredAsync("asr");
        Assert.Equal(["p-1", "p-2", "p-3"], stored.Select(p => p.PredictionId));
        Assert.Equal("""{"device":"pixel","input_volume":0.42,"x":null}""", stored[0].Features);
        Assert.Equal(("hello", 0.9, 80.0), (stored[0].OutputText, stored[0].Score!.Value, stored[0].LatencyMs!.Value));

        // Committed with the rows: no waiting needed.
        Assert.Equal(2, await Admin.CountAsync("model.asr.latency_ms"));
        Assert.Equal(3, await AggregateAsync("model.asr.predictions", "sum"));
        Assert.Equal(0.5, await MeanAsync("model.asr.feature.input_volume.mean"), 9);
        // x is null in p-1 and absent elsewhere: missing in every batch-minute that has it.
        Assert.Equal(1.0, await MeanAsync("model.asr.feature.x.missing_rate"), 9);
        var definition = await (await Admin.GetAsync("/api/v1/metrics/model.asr.feature.input_volume.mean")).JsonAsync();
        Assert.Equal("Input", definition.GetProperty("category").GetString());
        Assert.Equal("asr: input_volume mean", definition.GetProperty("displayName").GetString());
        var latency = await (await Admin.GetAsync("/api/v1/metrics/model.asr.latency_ms")).JsonAsync();
        Assert.Equal(("Software", "ms"), (latency.GetProperty("category").GetString(), latency.GetProperty("unit").GetString()));
        var count = await (await Admin.GetAsync("/api/v1/metrics/model.asr.predictions")).JsonAsync();
        Assert.Equal(("Output", "count"), (count.GetProperty("category").GetString(), count.GetProperty("unit").GetString()));

        var model = await (await Admin.GetAsync("/api/v1/models/asr")).JsonAsync();
        Assert.Equal(1.0, model.GetProperty("model").GetProperty("samplingRate").GetDouble());
        Assert.Equal(30, model.GetProperty("model").GetProperty("retentionDays").GetInt32());
        Assert.Equal(3, model.GetProperty("last24Hours").GetProperty("predictions").GetInt64());
        Assert.Contains("asr", (await Admin.GetStringAsync("/api/v1/models")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resend_IsIdempotent_NothingStoredOrCountedTwice()
    {
        var now = DateTimeOffset.UtcNow;
        object[] batch = [Prediction("a", "idem", now.AddSeconds(-2)), Prediction("b", "idem", now.AddSeconds(-1), new { f = 1, device = "x" }, output: 2.5)];
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostPredictionsAsync(batch)).StatusCode);

        var again = await Admin.PostPredictionsAsync([.. batch, batch[0]]);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var body = await again.JsonAsync();
        Assert.Equal((0, 3), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32()));
        Assert.Equal(2, (await StoredAsync("idem")).Count);
        Assert.Equal(2, await Admin.CountAsync("model.idem.latency_ms"));
    }

    [Fact]
    public async Task SameIdWithDifferentContent_Is400NamingIndexAndId_AndNothingOfTheBatchIsStored()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostPredictionsAsync(Prediction("c-1", "conflict", now.AddSeconds(-5)))).StatusCode);

        var response = await Admin.PostPredictionsAsync(Prediction("c-2", "conflict", now), Prediction("c-1", "conflict", now.AddSeconds(-5), output: "changed"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "id"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Equal(["c-1"], (await StoredAsync("conflict")).Select(p => p.PredictionId));
        Assert.Equal(1, await Admin.CountAsync("model.conflict.latency_ms"));
    }

    [Theory]
    [InlineData("""{"name":{"a":1}}""")]
    [InlineData("""{"name":[1,2]}""")]
    [InlineData("""{"name":true}""")]
    public async Task NonScalarFeature_Is400NamingTheFeature(string features)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = Enumerable.Range(0, 3).Select(i => $$$"""{"id":"ok-{{{i}}}","model":"badtype","timestamp":{{{t}}},"features":{"v":1}}""")
            .Append($$"""{"id":"bad","model":"badtype","timestamp":{{t}},"features":""" + features + "}");
        var response = await Admin.PostRawAsync("/api/v1/predictions", """{"predictions":[""" + string.Join(',', items) + "]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "features.name"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Empty(await StoredAsync("badtype"));
    }

    [Fact]
    public async Task MoreThanTenThousand_Is413()
    {
        var t = DateTimeOffset.UtcNow;
        var batch = Enumerable.Range(0, PredictionLimits.MaxPerBatch + 1).Select(i => (object)new { id = "b" + i, model = "big", timestamp = t }).ToArray();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Admin.PostPredictionsAsync(batch)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Admin.PostAsJsonAsync("/api/v1/labels",
            new { labels = Enumerable.Range(0, PredictionLimits.MaxPerBatch + 1).Select(i => new { predictionId = "b" + i, model = "big", label = "x" }) })).StatusCode);
        Assert.Empty(await StoredAsync("big"));
    }

    [Fact]
    public async Task ReadOnlyKey_CannotIngest()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "viewer key", scopes = new[] { "read" } });
        using var reader = fixture.Factory.CreateClientWith((await created.JsonAsync()).GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostPredictionsAsync(Prediction("r", "readonly", DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/labels", new { labels = new[] { new { predictionId = "r", model = "readonly", label = "x" } } })).StatusCode);
        Assert.Empty(await StoredAsync("readonly"));
    }

    [Fact]
    public async Task SensitiveFeatures_AreDroppedOrHashed_BeforeStorage()
    {
        var system = await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Private system" })).JsonAsync();
        var systemId = system.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}/sensitive-fields",
            new { fields = new object[] { new { name = "user_id", mode = "Hash" }, new { name = "email", mode = "Drop" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/models/private", new { systemId, samplingRate = 1.0, retentionDays = 30 })).StatusCode);

        var features = new { user_id = "U-778899", email = "jane@example.org", volume = 0.3 };
        var at = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await Admin.PostPredictionsAsync(Prediction("s-1", "private", at, features));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        // The idempotency hash covers the redacted content, so a resend is still a duplicate.
        var again = await (await Admin.PostPredictionsAsync(Prediction("s-1", "private", at, features))).JsonAsync();

        var row = Assert.Single(await StoredAsync("private"));
        Assert.DoesNotContain("U-778899", row.Features, StringComparison.Ordinal);
        Assert.DoesNotContain("email", row.Features, StringComparison.Ordinal);
        var stored = JsonDocument.Parse(row.Features).RootElement;
        Assert.StartsWith("hmac:", stored.GetProperty("user_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.3, stored.GetProperty("volume").GetDouble());
        // Derived metrics of the model belong to its system.
        var definition = await (await Admin.GetAsync("/api/v1/metrics/model.private.feature.volume.mean")).JsonAsync();
        Assert.Equal(systemId, definition.GetProperty("systemId").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Labels_JoinToPredictions_YieldAccuracyAndPerformance()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Admin.PostPredictionsAsync(
            Prediction("l-1", "labelled", t, output: "yes"), Prediction("l-2", "labelled", t.AddSeconds(1), output: "yes"),
            Prediction("l-3", "labelled", t.AddSeconds(2), output: "no"), Prediction("l-4", "labelled", t.AddSeconds(3), output: "no"));

        var response = await Admin.PostAsJsonAsync("/api/v1/labels", new
        {
            labels = new object[]
            {
                new { predictionId = "l-1", model = "labelled", label = "yes" },
                new { predictionId = "l-2", model = "labelled", label = "no" },
                new { predictionId = "l-3", model = "labelled", label = "no" },
                new { predictionId = "never-sent", model = "labelled", label = "no" },
            },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(3, body.GetProperty("joined").GetInt32());
        Assert.Equal(["never-sent"], body.GetProperty("unknown").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, body.GetProperty("alreadyLabelled").GetInt32());
        Assert.Equal(2.0 / 3, await MeanAsync("model.labelled.correct"), 9);
        Assert.Equal(1.0 / 3, await MeanAsync("model.labelled.error"), 9);
        var correct = await (await Admin.GetAsync("/api/v1/metrics/model.labelled.correct")).JsonAsync();
        Assert.Equal("Output", correct.GetProperty("category").GetString());

        var resend = await (await Admin.PostAsJsonAsync("/api/v1/labels", new { labels = new[] { new { predictionId = "l-1", model = "labelled", label = "yes" } } })).JsonAsync();
        Assert.Equal((0, 1), (resend.GetProperty("joined").GetInt32(), resend.GetProperty("alreadyLabelled").GetInt32()));

        var from = t.AddMinutes(-1).ToString("O").Replace("+", "%2B", StringComparison.Ordinal);
        var to = t.AddMinutes(5).ToString("O").Replace("+", "%2B", StringComparison.Ordinal);
        var performance = await (await Admin.GetAsync($"/api/v1/models/labelled/performance?from={from}&to={to}&step=3600")).JsonAsync();
        var buckets = performance.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(4, buckets.Sum(b => b.GetProperty("predictions").GetInt64()));
        Assert.Equal(3, buckets.Sum(b => b.GetProperty("labelled").GetInt64()));
        if (buckets.Count == 1)
        {
            Assert.Equal(0.75, buckets[0].GetProperty("labelledFraction").GetDouble());
            Assert.Equal(2.0 / 3, buckets[0].GetProperty("accuracy").GetDouble(), 9);
            Assert.True(buckets[0].GetProperty("medianLabelDelaySeconds").GetDouble() >= 590);
        }

        Assert.Equal(3, (await StoredAsync("labelled")).Count(p => p.LabelledAtMs is not null));
    }

    [Fact]
    public async Task RegressionLabels_YieldMaeAndRmse()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-3);
        await Admin.PostPredictionsAsync(Prediction("r-1", "regress", t, output: 10.0), Prediction("r-2", "regress", t.AddSeconds(1), output: 4.0));
        await Admin.PostAsJsonAsync("/api/v1/labels", new { labels = new object[] { new { predictionId = "r-1", model = "regress", label = 13 }, new { predictionId = "r-2", model = "regress", label = 3 } } });

        Assert.Equal(2, await MeanAsync("model.regress.abs_error"), 9);
        var summary = (await (await Admin.GetAsync("/api/v1/models/regress")).JsonAsync()).GetProperty("last24Hours");
        Assert.Equal(2, summary.GetProperty("mae").GetDouble(), 9);
        Assert.Equal(Math.Sqrt(5), summary.GetProperty("rmse").GetDouble(), 9);
    }

    [Fact]
    public async Task ConflictingLabel_Is400NamingIndex_AndNothingOfTheBatchIsStored()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Admin.PostPredictionsAsync(Prediction("k-1", "relabel", t), Prediction("k-2", "relabel", t));
        await Admin.PostAsJsonAsync("/api/v1/labels", new { labels = new[] { new { predictionId = "k-1", model = "relabel", label = "hello" } } });

        var response = await Admin.PostAsJsonAsync("/api/v1/labels", new
        {
            labels = new[] { new { predictionId = "k-2", model = "relabel", label = "hello" }, new { predictionId = "k-1", model = "relabel", label = "goodbye" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "label"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        var stored = await StoredAsync("relabel");
        Assert.Equal("hello", stored[0].LabelText);
        Assert.Null(stored[1].LabelledAtMs);
    }

    [Fact]
    public async Task ModelPut_ValidatesEachField_AndIsAudited()
    {
        var bad = await Admin.PutAsJsonAsync("/api/v1/models/tuned", new { systemId = 9999, samplingRate = 0.0, retentionDays = 4000 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["samplingRate", "retentionDays", "systemId"], fields);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PutAsJsonAsync("/api/v1/models/bad%20name", new { samplingRate = 0.5, retentionDays = 3 })).StatusCode);

        var ok = await Admin.PutAsJsonAsync("/api/v1/models/tuned", new { samplingRate = 0.25, retentionDays = 7 });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(0.25, (await ok.JsonAsync()).GetProperty("samplingRate").GetDouble());

        var audit = await (await Admin.GetAsync("/api/v1/audit?entityType=model")).JsonAsync();
        var entry = audit.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("entityId").GetString() == "tuned");
        Assert.Contains("0.25", entry.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/models/nobody/performance")).StatusCode);
    }

    [Fact]
    public async Task Sampling_IsDeterministic_AcrossRetries()
    {
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/api/v1/models/sampled", new { samplingRate = 0.3, retentionDays = 30 })).StatusCode);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        var batch = Enumerable.Range(0, 200).Select(i => Prediction("s-" + i, "sampled", t)).ToArray();

        var first = await (await Admin.PostPredictionsAsync(batch)).JsonAsync();
        var retry = await (await Admin.PostPredictionsAsync(batch)).JsonAsync();

        var expectedKept = Enumerable.Range(0, 200).Where(i => PredictionSampling.Keep("sampled", "s-" + i, 0.3)).Select(i => "s-" + i).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedKept.Count, first.GetProperty("accepted").GetInt32());
        Assert.Equal(200 - expectedKept.Count, first.GetProperty("sampledOut").GetInt32());
        Assert.Equal((0, expectedKept.Count, 200 - expectedKept.Count),
            (retry.GetProperty("accepted").GetInt32(), retry.GetProperty("duplicates").GetInt32(), retry.GetProperty("sampledOut").GetInt32()));
        Assert.Equal(expectedKept, (await StoredAsync("sampled")).Select(p => p.PredictionId).Order(StringComparer.Ordinal));
        Assert.Equal(expectedKept.Count, await Admin.CountAsync("model.sampled.latency_ms"));
    }
}
