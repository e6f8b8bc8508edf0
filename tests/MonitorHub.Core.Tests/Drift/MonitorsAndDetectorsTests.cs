using MonitorHub.Core.Alarms;
using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Streaming;

namespace MonitorHub.Core.Tests.Drift;

public sealed class MonitorsAndDetectorsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReferenceProfile_SurvivesTheBinaryRoundTrip()
    {
        var profile = ReferenceProfile.Build([
            ColumnData.Numeric("x", [3.5, null, -1, 2, double.NaN, 2]),
            ColumnData.Categorical("device", ["pixel", null, "iphone", "pixel"]),
        ]);

        var back = ReferenceProfileSerializer.Deserialize(ReferenceProfileSerializer.Serialize(profile));

        var x = back.Find("x")!.Numeric!;
        Assert.Equal([-1, 2, 2, 3.5], x.SortedValues);
        Assert.Equal((profile.Find("x")!.Numeric!.Count, profile.Find("x")!.Numeric!.PopulationStd, profile.Find("x")!.Numeric!.UniqueCount), (x.Count, x.PopulationStd, x.UniqueCount));
        var device = back.Find("device")!.Categorical!;
        Assert.Equal(["iphone", "pixel"], device.Categories);
        Assert.Equal([1L, 2L], device.Counts);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("model")]
    [InlineData("referenceId")]
    [InlineData("window")]
    [InlineData("window.minutes")]
    [InlineData("intervalMinutes")]
    [InlineData("driftShare")]
    public void MonitorValidation_NamesTheField(string field)
    {
        var good = new DriftMonitor { Name = "m", Model = "asr", ReferenceId = 1 };
        var bad = field switch
        {
            "name" => good with { Name = " " },
            "model" => good with { Model = "" },
            "referenceId" => good with { ReferenceId = 0 },
            "window" => good with { Window = new DriftWindow(60, 100) },
            "window.minutes" => good with { Window = DriftWindow.LastMinutes(0) },
            "intervalMinutes" => good with { IntervalMinutes = 0 },
            _ => good with { DriftShare = 0 },
        };

        Assert.Empty(DriftMonitorValidation.Validate(good));
        Assert.Equal(field, Assert.Single(DriftMonitorValidation.Validate(bad)).Field);
    }

    [Fact]
    public void RunMetrics_CarryShareVerdictAndPerFeatureScores()
    {
        var reference = ReferenceProfile.Build([ColumnData.Numeric("x", [.. Enumerable.Range(0, 200).Select(i => (double?)i)])]);
        var result = DatasetDrift.Run(reference, [ColumnData.Numeric("x", [.. Enumerable.Range(150, 200).Select(i => (double?)i)])], new DriftRunOptions());

        var samples = DriftMetricKeys.Samples(7, result, T0).ToDictionary(s => s.Metric, s => s.Value);

        Assert.Equal(1, samples["drift.m7.share"]);
        Assert.Equal(1, samples["drift.m7.dataset_drift"]);
        Assert.Equal(1, samples["drift.m7.feature.x.drifted"]);
        Assert.Equal(result.Columns[0].Statistic, samples["drift.m7.feature.x.score"]);
    }

    [Fact]
    public void DriftAlarm_IsAnOrdinaryRule_WhoseWindowAlwaysHoldsARun()
    {
        var rule = DriftAlarms.ForMonitor(new DriftMonitor { Id = 3, Name = "asr inputs", Model = "asr", ReferenceId = 1, IntervalMinutes = 15 }, null, "critical");

        Assert.Empty(AlarmRuleValidation.Validate(rule));
        Assert.Equal(("drift.m3.dataset_drift", "max", 1800, Severity.Critical), (rule.Metric, rule.Aggregation, rule.WindowSeconds, rule.Severity));
        Assert.True(rule.Breaches(1, T0));
        Assert.False(rule.Breaches(0, T0));
        Assert.Empty(AlarmRuleValidation.Validate(DriftAlarms.ForDetector(new DetectorDefinition { Id = 2, Name = "d", Kind = DetectorKind.Ddm }, null)));
    }

    [Theory]
    [InlineData(DetectorKind.PageHinkley)]
    [InlineData(DetectorKind.Adwin)]
    [InlineData(DetectorKind.Ddm)]
    public void FeedingInPieces_ResumedFromState_EqualsFeedingAtOnce(DetectorKind kind)
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 3000).Select(i => (T0.AddSeconds(i), kind == DetectorKind.Ddm
            ? (random.NextDouble() < (i < 1500 ? 0.05 : 0.4) ? 1.0 : 0.0)
            : (i < 1500 ? 0 : 3) + (0.2 * (random.NextDouble() - 0.5)))).ToList();
        var detector = new DetectorDefinition { Kind = kind, Source = kind == DetectorKind.Ddm ? DetectorSource.Errors : DetectorSource.Metric };

        var (_, whole) = Detectors.Feed(detector, null, values);
        string? state = null;
        var pieces = new List<DetectorSignal>();
        foreach (var chunk in values.Chunk(337))
        {
            var (next, signals) = Detectors.Feed(detector, state, chunk);
            (state, _) = (next, 0);
            pieces.AddRange(signals);
        }

        Assert.Equal(whole, pieces);
        Assert.Contains(whole, s => s.Kind == "drift" && s.At >= T0.AddSeconds(1500));
    }

    [Fact]
    public void DetectorValidation_KeepsDdmOnTheErrorStream_AndPageHinkleyOffIt()
    {
        Assert.Contains(Detectors.Validate(new DetectorDefinition { Name = "d", Kind = DetectorKind.Ddm, Source = DetectorSource.Metric, Metric = "m" }), i => i.Field == "source");
        Assert.Contains(Detectors.Validate(new DetectorDefinition { Name = "d", Kind = DetectorKind.PageHinkley, Source = DetectorSource.Errors, Model = "asr" }), i => i.Field == "kind");
        Assert.Empty(Detectors.Validate(new DetectorDefinition { Name = "d", Kind = DetectorKind.Adwin, Source = DetectorSource.Feature, Model = "asr", Feature = "x" }));
    }
}
