using MonitorHub.Core.Alarms;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.FailureModes;

public sealed class FailureModeTests
{
    private static FailureMode Mode(int id, string title, FailureModeStatus status, params string[] metrics) =>
        new(id, title, "", null, null, 3, id, status, metrics, [], null, DateTimeOffset.UnixEpoch, "t");

    [Theory]
    [InlineData(null, 3, 3, "title")]
    [InlineData("x", 0, 3, "likelihood")]
    [InlineData("x", 3, 6, "impact")]
    [InlineData("x", null, 3, "likelihood")]
    public void Validation_NamesTheBadField(string? title, int? likelihood, int? impact, string field) =>
        Assert.Contains(FailureModeValidation.Validate(new FailureModeDraft(title, null, null, null, likelihood, impact, null, null, null)), i => i.Field == field);

    [Fact]
    public void Validation_RejectsUnknownStatusAndTemplate_AndBadMetricKeys()
    {
        var issues = FailureModeValidation.Validate(new FailureModeDraft("x", null, null, null, 1, 1, "done", ["Not A Key"], null, "no-such-template"));

        Assert.Equal(["status", "metricKeys", "template"], issues.Select(i => i.Field));
    }

    [Fact]
    public void Templates_ComeFromTheSeed_WithMetricsFromEachFamily()
    {
        Assert.Contains(FailureModeTemplates.All, t => t.Title == "Users speak faster");
        Assert.Contains(FailureModeTemplates.All, t => t.Title == "New microphone firmware clips audio");
        Assert.Contains(FailureModeTemplates.All, t => t.Title == "Server overload");
        Assert.Contains(FailureModeTemplates.All, t => t.Title == "Upstream VAD change");
        var families = FailureModeTemplates.All.SelectMany(t => t.Metrics).Select(m => m.Category).ToHashSet();
        Assert.Equal([MetricCategory.Software, MetricCategory.Input, MetricCategory.Output], families.Order());
        Assert.All(FailureModeTemplates.All.SelectMany(t => t.Metrics), m => Assert.True(IngestionLimits.IsValidMetricKey(m.Key)));
    }

    [Fact]
    public void Coverage_FindsEveryKindOfGap()
    {
        var modes = new[]
        {
            Mode(1, "unmeasured", FailureModeStatus.Brainstormed),
            Mode(2, "accepted", FailureModeStatus.AcceptedRisk),
            Mode(3, "measured", FailureModeStatus.Covered, "asr.latency_ms", "input.volume_dbfs"),
        };
        var metrics = new[] { ("asr.latency_ms", "Latency"), ("input.volume_dbfs", "Volume"), ("other.metric", "Other") };
        var rules = new[]
        {
            new RuleActivity(10, "latency", "asr.latency_ms", AlarmsInPeriod: 3, Verdicts: 4, NoiseVerdicts: 3),
            new RuleActivity(11, "quiet", "asr.latency_ms", AlarmsInPeriod: 0, Verdicts: 0, NoiseVerdicts: 0),
            new RuleActivity(12, "useful", "asr.latency_ms", AlarmsInPeriod: 2, Verdicts: 2, NoiseVerdicts: 0),
        };

        var report = Coverage.Compute(modes, metrics, rules);

        Assert.Equal(["unmeasured"], report.FailureModesWithoutMetric.Select(f => f.Title));
        // A metric a failure mode names comes before one nobody mentioned.
        Assert.Equal(["input.volume_dbfs", "other.metric"], report.MetricsWithoutRule.Select(m => m.Key));
        Assert.Equal([3], report.MetricsWithoutRule[0].FailureModeIds);
        Assert.Equal(["quiet"], report.RulesNeverFired.Select(r => r.Name));
        Assert.Equal(["latency"], report.NoisyRules.Select(r => r.Name));
        Assert.Equal(0.75, report.NoisyRules[0].NoiseRate);
    }

    [Fact]
    public void Coverage_ListsMetricsFailureModesNameButNoSampleCreated_AsPlanned()
    {
        var modes = new[]
        {
            Mode(1, "clipping", FailureModeStatus.Brainstormed, "input.clip_rate", "input.volume_dbfs"),
            Mode(2, "also clipping", FailureModeStatus.Brainstormed, "input.clip_rate"),
        };

        var report = Coverage.Compute(modes, [("input.volume_dbfs", "Volume")], []);

        var planned = Assert.Single(report.PlannedMetrics);
        Assert.Equal("input.clip_rate", planned.Key);
        Assert.Equal([1, 2], planned.FailureModeIds);
        Assert.DoesNotContain(report.MetricsWithoutRule, m => m.Key == "input.clip_rate");
    }

    [Fact]
    public void Checklist_TargetsBecomeSuggestedRules_OnTheSystemsMetrics()
    {
        var metrics = new[]
        {
            new MetricDefinition("asr.latency_ms", "Latency", MetricCategory.Software, "ms", "", 1, null, ""),
            new MetricDefinition("asr.throughput_qps", "Throughput", MetricCategory.Software, "QPS", "", 1, null, ""),
            new MetricDefinition("asr.cpu_pct", "CPU", MetricCategory.Software, "%", "", 1, null, ""),
        };
        var checklist = new SystemChecklist { LatencyP95Ms = 300, ThroughputQps = 50, CpuCores = 8 };

        var rules = SystemChecklists.SuggestRules("Voice search", checklist, metrics);

        var latency = rules[0].Rule;
        Assert.Equal(("asr.latency_ms", "p95", Comparison.GreaterThan, 300.0, 270.0), (latency.Metric, latency.Aggregation, latency.Operator, latency.Threshold, latency.ClearThreshold!.Value));
        Assert.Equal(Severity.Critical, latency.Severity);
        Assert.Equal(("asr.throughput_qps", 40.0), (rules[1].Rule.Metric, rules[1].Rule.Threshold));
        Assert.Equal("asr.cpu_pct", rules[2].Rule.Metric);
        Assert.All(rules, r => Assert.Empty(AlarmRuleValidation.Validate(r.Rule)));
    }

    [Fact]
    public void Checklist_WithoutTargets_SuggestsNothing_AndAChosenMetricWins()
    {
        var metrics = new[] { new MetricDefinition("a.latency_ms", "Latency", MetricCategory.Software, "ms", "", 1, null, "") };
        Assert.Empty(SystemChecklists.SuggestRules("S", new SystemChecklist(), metrics));
        Assert.Equal("b.p95", SystemChecklists.SuggestRules("S", new SystemChecklist { LatencyP95Ms = 100, LatencyMetric = "b.p95" }, metrics).Single().Rule.Metric);
    }

    [Theory]
    [InlineData("latencyP95Ms")]
    [InlineData("logSamplingRate")]
    [InlineData("logRetentionDays")]
    [InlineData("latencyMetric")]
    public void Checklist_Validation_NamesTheField(string field)
    {
        var bad = field switch
        {
            "latencyP95Ms" => new SystemChecklist { LatencyP95Ms = -1 },
            "logSamplingRate" => new SystemChecklist { LogSamplingRate = 0 },
            "logRetentionDays" => new SystemChecklist { LogRetentionDays = 0 },
            _ => new SystemChecklist { LatencyMetric = "Not a key" },
        };
        Assert.Equal(field, Assert.Single(SystemChecklists.Validate(bad)).Field);
    }
}
