using MonitorHub.Core.Demo;

namespace MonitorHub.Core.Tests.Demo;

public sealed class VoiceSearchScenarioTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly VoiceSearchScenario _scenario = new(Anchor);

    private double Mean(string metric, DateTimeOffset from, TimeSpan length)
    {
        var values = new List<double>();
        for (var t = from; t < from + length; t += TimeSpan.FromSeconds(30))
            values.AddRange(_scenario.SamplesAt(t).Where(s => s.Metric == metric).Select(s => s.Value));
        return values.Average();
    }

    [Fact]
    public void CoversTheSeedsSoftwareInputAndOutputMetrics()
    {
        var categories = _scenario.Metrics.GroupBy(m => m.Category).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, categories[MonitorHub.Core.Metrics.MetricCategory.Software]);
        Assert.Equal(3, categories[MonitorHub.Core.Metrics.MetricCategory.Input]);
        Assert.Equal(4, categories[MonitorHub.Core.Metrics.MetricCategory.Output]);
    }

    [Fact]
    public void LatencySpike_RaisesLatencySeveralFold()
    {
        var normal = Mean("asr.latency_ms", Anchor.AddHours(-3), TimeSpan.FromMinutes(10));
        var spike = Mean("asr.latency_ms", Anchor.AddHours(-5).AddMinutes(5), TimeSpan.FromMinutes(10));
        Assert.True(spike > 3 * normal, $"spike {spike} vs normal {normal}");
    }

    [Fact]
    public void InputVolume_DriftsGraduallyAfterFirmwareUpdate()
    {
        var before = Mean("input.volume_dbfs", Anchor.AddHours(-10), TimeSpan.FromHours(1));
        var halfway = Mean("input.volume_dbfs", Anchor.AddHours(-5.5), TimeSpan.FromMinutes(30));
        var after = Mean("input.volume_dbfs", Anchor.AddHours(-1), TimeSpan.FromHours(1));
        Assert.True(before > halfway && halfway > after, $"{before} > {halfway} > {after}");
        Assert.InRange(before - after, 5, 9);
    }

    [Fact]
    public void NullTranscripts_JumpSuddenly()
    {
        var start = _scenario.NullOutputIncident.Start;
        var before = Mean("output.null_rate", start.AddMinutes(-5), TimeSpan.FromMinutes(5));
        var after = Mean("output.null_rate", start, TimeSpan.FromMinutes(5));
        Assert.True(after - before > 5, $"{before} → {after}");
    }

    [Fact]
    public void VadChange_BreachesRulesOnVadAndEveryComponentDownstream_AndNothingBefore()
    {
        // The demo's cascade: the VAD rule, the recogniser's null-transcript rule and Search's redo rule all breach
        // while the change is live (the demo starts during it), none in the hour before it.
        var cascade = new[] { "input.avg_length_s", "output.null_rate", "output.redo_search_rate" };
        var rules = VoiceSearchScenario.Rules.Where(r => cascade.Contains(r.Metric)).ToList();
        Assert.Equal(3, rules.Count);
        Assert.Equal(["Search", "Speech recognition", "Voice activity detection"],
            rules.Select(r => _scenario.Metrics.Single(m => m.Key == r.Metric).Component).Order());
        foreach (var rule in rules)
        {
            var during = Mean(rule.Metric, Anchor.AddSeconds(-rule.WindowSeconds), TimeSpan.FromSeconds(rule.WindowSeconds));
            var before = Mean(rule.Metric, _scenario.NullOutputIncident.Start.AddMinutes(-60), TimeSpan.FromSeconds(rule.WindowSeconds));
            Assert.True(rule.Breaches(during, Anchor), $"{rule.Name}: {during} during");
            Assert.False(rule.Breaches(before, Anchor), $"{rule.Name}: {before} before");
        }
    }

    [Fact]
    public void OnlyTheFirmwareRuleAlsoBreachesAtStart_AndItWaitsLongerThanTheIncidentWindow()
    {
        // Audio capture is upstream of VAD: an alarm there opening with the VAD change's would become its origin.
        var others = VoiceSearchScenario.Rules.Where(r => r.Metric is not ("input.avg_length_s" or "output.null_rate" or "output.redo_search_rate"))
            .Where(r => r.Breaches(Mean(r.Metric, Anchor.AddSeconds(-r.WindowSeconds), TimeSpan.FromSeconds(r.WindowSeconds)), Anchor)).ToList();
        var firmware = Assert.Single(others);
        Assert.Equal("input.volume_dbfs", firmware.Metric);
        const int incidentWindowSeconds = 10 * 60;
        Assert.True(firmware.ForSeconds > incidentWindowSeconds + 120, $"for {firmware.ForSeconds} s");
    }

    [Fact]
    public void SamplesAreDeterministic()
    {
        var t = Anchor.AddMinutes(-17);
        Assert.Equal(_scenario.SamplesAt(t).Select(s => s.Value), new VoiceSearchScenario(Anchor).SamplesAt(t).Select(s => s.Value));
    }
}
