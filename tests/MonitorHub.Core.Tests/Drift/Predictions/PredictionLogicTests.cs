using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Security;

namespace MonitorHub.Core.Tests.Drift.Predictions;

public sealed class PredictionLogicTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static PredictionRecord P(string id, long ts, params (string Name, Scalar Value)[] features) =>
        new(id, "asr", "v7", ts, [.. features.Select(f => new Feature(f.Name, f.Value)).OrderBy(f => f.Name, StringComparer.Ordinal)], Scalar.Of("hello"), 0.9, 80);

    [Fact]
    public void Redaction_DropsAndHashes_LikeTags()
    {
        var p = P("1", T0, ("email", Scalar.Of("a@b.c")), ("user_id", Scalar.Of(42)), ("volume", Scalar.Of(0.4)), ("zip", Scalar.Missing));
        var rules = new[] { new SensitiveField("EMAIL", RedactionMode.Drop), new SensitiveField("user_id", RedactionMode.Hash), new SensitiveField("zip", RedactionMode.Hash) };

        var redacted = PredictionCanonical.Redact(p, rules, v => "h(" + v + ")");

        Assert.Equal(["user_id", "volume", "zip"], redacted.Features.Select(f => f.Name));
        Assert.Equal(Scalar.Of("h(42)"), redacted.Features[0].Value);
        Assert.Equal(Scalar.Of(0.4), redacted.Features[1].Value);
        Assert.True(redacted.Features[2].Value.IsMissing);
        Assert.Same(p, PredictionCanonical.Redact(p, [new SensitiveField("other", RedactionMode.Drop)], v => v));
    }

    [Fact]
    public void ContentHash_IsStable_AndSensitiveToEveryField()
    {
        var a = P("1", T0, ("x", Scalar.Of(1)), ("y", Scalar.Of("b")));
        var same = P("1", T0, ("y", Scalar.Of("b")), ("x", Scalar.Of(1.0)));
        Assert.Equal(PredictionCanonical.ContentHash(a), PredictionCanonical.ContentHash(same));
        Assert.NotEqual(PredictionCanonical.ContentHash(a), PredictionCanonical.ContentHash(a with { Output = Scalar.Of("hell") }));
        Assert.NotEqual(PredictionCanonical.ContentHash(a), PredictionCanonical.ContentHash(a with { TimestampMs = T0 + 1 }));
        Assert.NotEqual(PredictionCanonical.ContentHash(a), PredictionCanonical.ContentHash(P("1", T0, ("x", Scalar.Of("1")), ("y", Scalar.Of("b")))));
        Assert.Equal("""{"x":1,"y":"b","z":null}""", PredictionCanonical.FeaturesJson([new("x", Scalar.Of(1)), new("y", Scalar.Of("b")), new("z", Scalar.Missing)]));
    }

    [Fact]
    public void Sampling_IsDeterministic_AndNearTheRate()
    {
        Assert.True(PredictionSampling.Keep("m", "any", 1.0));
        var kept = Enumerable.Range(0, 20_000).Count(i => PredictionSampling.Keep("m", "p-" + i, 0.25));
        Assert.InRange(kept, 4_700, 5_300);
        var first = Enumerable.Range(0, 100).Select(i => PredictionSampling.Keep("m", "p-" + i, 0.5)).ToList();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(i => PredictionSampling.Keep("m", "p-" + i, 0.5)));
        // A prediction kept at a low rate is also kept at any higher rate.
        Assert.All(Enumerable.Range(0, 1000).Where(i => PredictionSampling.Keep("m", "p-" + i, 0.1)), i => Assert.True(PredictionSampling.Keep("m", "p-" + i, 0.3)));
    }

    [Fact]
    public void Idempotency_CountsDuplicates_RejectsChangedContent()
    {
        var batch = new[] { P("a", T0), P("b", T0), P("a", T0), P("c", T0), P("d", T0) };
        var hashes = new[] { "h1", "h2", "h1", "h3", "h4" };
        var keep = new[] { true, true, true, true, false };
        var stored = new Dictionary<PredictionKey, string> { [new("asr", "b", PredictionRole.Live, "v7")] = "h2" };

        var (outcomes, issues) = PredictionIdempotency.Classify(batch, hashes, keep, stored);

        Assert.Empty(issues);
        Assert.Equal([PredictionOutcome.New, PredictionOutcome.Duplicate, PredictionOutcome.Duplicate, PredictionOutcome.New, PredictionOutcome.SampledOut], outcomes);

        var (_, conflicts) = PredictionIdempotency.Classify(batch, ["h1", "changed", "other", "h3", "h4"], keep, stored);
        Assert.Equal([(1, "id"), (2, "id")], conflicts.Select(i => (i.Index!.Value, i.Field)));
    }

    [Fact]
    public void Idempotency_KeysOnRoleAndVersion_SoAShadowAnswerToTheSameIdIsNew()
    {
        var batch = new[] { P("a", T0), P("a", T0) with { Role = PredictionRole.Shadow, Version = "v8" }, P("a", T0) with { Role = PredictionRole.Human } };
        var stored = new Dictionary<PredictionKey, string> { [new("asr", "a", PredictionRole.Live, "v7")] = "h1" };

        var (outcomes, issues) = PredictionIdempotency.Classify(batch, ["h1", "h2", "h3"], [true, true, true], stored);

        Assert.Empty(issues);
        Assert.Equal([PredictionOutcome.Duplicate, PredictionOutcome.New, PredictionOutcome.New], outcomes);
    }

    [Fact]
    public void MetricKeys_AreValid_EvenForLongOrOddNames()
    {
        Assert.Equal("model.asr.feature.input_volume.mean", PredictionMetricKeys.Feature("asr", "input_volume", "mean"));
        Assert.Equal("model.my_model.predictions", PredictionMetricKeys.Model("My.Model", "predictions"));
        var longKey = PredictionMetricKeys.Feature(new string('m', 100), "Feature With Spaces/" + new string('f', 90), "missing_rate");
        Assert.True(IngestionLimits.IsValidMetricKey(longKey), longKey);
        Assert.NotEqual(longKey, PredictionMetricKeys.Feature(new string('m', 100), "Feature With Spaces/" + new string('f', 89) + "g", "missing_rate"));
    }

    [Fact]
    public void DerivedMetrics_PerBatchMinute_AndPerPrediction()
    {
        var batch = new[]
        {
            P("1", T0 + 1_000, ("volume", Scalar.Of(0.2)), ("device", Scalar.Of("pixel"))),
            P("2", T0 + 2_000, ("volume", Scalar.Of(0.4)), ("device", Scalar.Of("pixel"))),
            P("3", T0 + 3_000, ("volume", Scalar.Missing), ("device", Scalar.Of("iphone"))),
            P("4", T0 + 4_000, ("device", Scalar.Of("pixel"))),
            P("5", T0 + 61_000, ("volume", Scalar.Of(1.0))),
        };

        var derived = DerivedMetrics.ForPredictions(batch);
        double Value(string key, long minuteStart) => Assert.Single(derived.Samples, s => s.Metric == key && s.Timestamp.ToUnixTimeMilliseconds() == minuteStart).Value;

        Assert.Equal(4, Value("model.asr.predictions", T0));
        Assert.Equal(0.5, Value("model.asr.feature.volume.missing_rate", T0));
        Assert.Equal(0.3, Value("model.asr.feature.volume.mean", T0), 12);
        Assert.Equal(0.75, Value("model.asr.feature.device.top_share", T0));
        Assert.Equal(0, Value("model.asr.feature.device.missing_rate", T0));
        Assert.Equal(1, Value("model.asr.predictions", T0 + 60_000));
        Assert.Equal(5, derived.Samples.Count(s => s.Metric == "model.asr.latency_ms"));
        Assert.All(derived.Samples, s => Assert.Equal("v7", s.Tags.ToDictionary()["version"]));
        Assert.Equal(MetricCategory.Input, derived.Definitions["model.asr.feature.volume.mean"].Category);
        Assert.Equal(MetricCategory.Software, derived.Definitions["model.asr.latency_ms"].Category);
        Assert.Equal(MetricCategory.Output, derived.Definitions["model.asr.score"].Category);
        Assert.Equal("count", derived.Definitions["model.asr.predictions"].Unit);
    }

    [Fact]
    public void LabelMetrics_AtPredictionTime_DelayAtArrival()
    {
        var arrived = DateTimeOffset.FromUnixTimeMilliseconds(T0 + 90_000);
        var joins = new[]
        {
            new LabelJoin("asr", "1", "", T0, Scalar.Of("hello"), Scalar.Of("hello")),
            new LabelJoin("asr", "2", "", T0, Scalar.Of("hello"), Scalar.Of("yellow")),
            new LabelJoin("reg", "3", "", T0, Scalar.Of(3.0), Scalar.Of(5.0)),
        };

        var samples = DerivedMetrics.ForLabels(joins, arrived).Samples;

        Assert.Equal([1.0, 0.0], samples.Where(s => s.Metric == "model.asr.correct").Select(s => s.Value));
        Assert.Equal([0.0, 1.0], samples.Where(s => s.Metric == "model.asr.error").Select(s => s.Value));
        Assert.All(samples.Where(s => s.Metric != "model.asr.label_delay_s" && s.Metric != "model.reg.label_delay_s"), s => Assert.Equal(T0, s.Timestamp.ToUnixTimeMilliseconds()));
        Assert.Equal(2, Assert.Single(samples, s => s.Metric == "model.reg.abs_error").Value);
        Assert.Equal(4, Assert.Single(samples, s => s.Metric == "model.reg.squared_error").Value);
        var delay = Assert.Single(samples, s => s.Metric == "model.reg.label_delay_s");
        Assert.Equal((90.0, arrived), (delay.Value, delay.Timestamp));
    }

    [Fact]
    public void LabelJoining_JoinsNew_ReportsUnknown_AcceptsResend_RejectsChange()
    {
        var stored = new Dictionary<(string, string), StoredPrediction>
        {
            [("m", "a")] = new("m", "a", "", T0, Scalar.Of("x"), Scalar.Missing, null),
            [("m", "b")] = new("m", "b", "", T0, Scalar.Of("x"), Scalar.Of("y"), T0 + 5),
        };
        LabelRecord L(string id, string label) => new(id, "m", Scalar.Of(label));

        var plan = LabelJoining.Plan([L("a", "x"), L("b", "y"), L("zz", "q"), L("a", "x")], stored);
        Assert.Empty(plan.Issues);
        Assert.Equal("a", Assert.Single(plan.Joins).PredictionId);
        Assert.Equal(["zz"], plan.Unknown);
        Assert.Equal(2, plan.AlreadyLabelled);

        var conflict = LabelJoining.Plan([L("a", "x"), L("b", "other"), L("a", "w")], stored);
        Assert.Equal([(1, "label"), (2, "label")], conflict.Issues.Select(i => (i.Index!.Value, i.Field)));
    }

    [Fact]
    public void Performance_PerBucket_ClassificationAndRegression()
    {
        var acc = new PerformanceAccumulator(60_000);
        acc.Add(new PerformanceRow(T0, Scalar.Of("a"), Scalar.Of("a"), T0 + 10_000));
        acc.Add(new PerformanceRow(T0 + 1, Scalar.Of("a"), Scalar.Of("b"), T0 + 30_001));
        acc.Add(new PerformanceRow(T0 + 2, Scalar.Of("a"), Scalar.Missing, null));
        acc.Add(new PerformanceRow(T0 + 3, Scalar.Of("a"), Scalar.Missing, null));
        acc.Add(new PerformanceRow(T0 + 60_000, Scalar.Of(1.0), Scalar.Of(4.0), T0 + 60_000));
        acc.Add(new PerformanceRow(T0 + 60_001, Scalar.Of(1.0), Scalar.Of(2.0), T0 + 60_001));

        var buckets = acc.Buckets();

        var first = buckets[0];
        Assert.Equal((4L, 2L, 0.5, 0.5, 0.5), (first.Predictions, first.Labelled, first.LabelledFraction!.Value, first.Accuracy!.Value, first.ErrorRate!.Value));
        Assert.Equal(20, first.MedianLabelDelaySeconds);
        Assert.Null(first.Mae);
        var second = buckets[1];
        Assert.Equal(2, second.Mae);
        Assert.Equal(Math.Sqrt(5), second.Rmse!.Value, 12);
        Assert.Null(second.Accuracy);
        Assert.Equal(6, acc.Total(DateTimeOffset.UnixEpoch).Predictions);
    }

    [Fact]
    public void ModelValidation_NamesEachBadField()
    {
        Assert.Empty(ModelValidation.Validate("asr", new ModelUpdate(null, 0.5, 30)));
        Assert.Equal(["name", "samplingRate", "retentionDays"], ModelValidation.Validate("bad name", new ModelUpdate(null, 0, 3651)).Select(i => i.Field));
        Assert.Equal(["samplingRate", "retentionDays"], ModelValidation.Validate("m", new ModelUpdate(null, null, null)).Select(i => i.Field));
    }
}
