using MonitorHub.Core.Demo;
using MonitorHub.Core.FailureModes;

namespace MonitorHub.Core.Tests.Demo;

public sealed class VoiceSearchPredictionsTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly VoiceSearchPredictions _model = new(new VoiceSearchScenario(Anchor));

    /// <summary>Predictions every 5 s over a window: 3 000 draws in ~4 hours.</summary>
    private List<DemoPrediction> Draw(DateTimeOffset from, TimeSpan length, TimeSpan? every = null)
    {
        var step = every ?? TimeSpan.FromSeconds(5);
        var result = new List<DemoPrediction>();
        for (var t = from; t < from + length; t += step) result.Add(_model.At(t));
        return result;
    }

    private double Agreement(IEnumerable<DemoPrediction> predictions)
    {
        var labelled = predictions.Select(p => (p, l: _model.LabelFor(p))).Where(x => x.l is not null).ToList();
        return labelled.Count(x => x.l!.Intent == x.p.Intent) / (double)labelled.Count;
    }

    [Fact]
    public void IsDeterministicForASeed_AndDiffersForAnother()
    {
        var t = Anchor.AddMinutes(-17);
        var again = new VoiceSearchPredictions(new VoiceSearchScenario(Anchor));
        Assert.Equal(_model.At(t, 2), again.At(t, 2));
        Assert.Equal(_model.LabelFor(_model.At(t, 2)), again.LabelFor(again.At(t, 2)));

        var other = new VoiceSearchPredictions(new VoiceSearchScenario(Anchor), seed: 8);
        var mine = Draw(Anchor.AddHours(-1), TimeSpan.FromMinutes(10));
        var theirs = mine.Select(p => other.At(p.Timestamp)).ToList();
        Assert.NotEqual(mine.Select(p => p.InputVolumeDbfs), theirs.Select(p => p.InputVolumeDbfs));
    }

    [Fact]
    public void Ids_AreUniquePerInstantAndIndex_AndNameTheRun()
    {
        var t = Anchor.AddMinutes(-3);
        Assert.NotEqual(_model.At(t, 0).Id, _model.At(t, 1).Id);
        Assert.NotEqual(_model.At(t).Id, new VoiceSearchPredictions(new VoiceSearchScenario(Anchor.AddHours(1))).At(t).Id);
    }

    [Fact]
    public void InputVolume_SinksSeveralDecibelsAfterTheFirmwareUpdate_LikeTheMetric()
    {
        var update = _model.Scenario.FirmwareUpdate;
        var before = Draw(update.AddHours(-4), TimeSpan.FromHours(4)).Select(p => p.InputVolumeDbfs).OfType<double>().Average();
        var after = Draw(update.AddHours(6), TimeSpan.FromHours(2)).Select(p => p.InputVolumeDbfs).OfType<double>().Average();
        Assert.InRange(before, -22, -20);
        Assert.InRange(before - after, 5.5, 8.5);
    }

    [Fact]
    public void LabelsAgreeWithTheOutput_92PercentBefore_70PercentAfterTheConceptChange()
    {
        var change = _model.ConceptChange;
        var before = Draw(change.AddHours(-4), TimeSpan.FromHours(4));
        var after = Draw(change, TimeSpan.FromHours(4));
        Assert.InRange(Agreement(before), 0.89, 0.95);
        Assert.InRange(Agreement(after), 0.66, 0.74);
    }

    [Fact]
    public void AboutEightyPercentGetALabel_TwoToTenMinutesLater()
    {
        var predictions = Draw(Anchor.AddHours(-4), TimeSpan.FromHours(4));
        var labels = predictions.Select(p => (p, l: _model.LabelFor(p))).Where(x => x.l is not null).ToList();
        Assert.InRange(labels.Count / (double)predictions.Count, 0.77, 0.83);
        Assert.All(labels, x => Assert.InRange(x.l!.ArrivesAt - x.p.Timestamp, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)));
        Assert.All(labels, x => Assert.Contains(x.l!.Intent, VoiceSearchPredictions.Intents));
    }

    [Fact]
    public void Inputs_DoNotChangeAtTheConceptChange()
    {
        // Concept drift: same inputs, different correct intent. Device shares and utterance lengths
        // just before and just after the change must look alike.
        var change = _model.ConceptChange;
        var before = Draw(change.AddHours(-3), TimeSpan.FromHours(3), TimeSpan.FromSeconds(3));
        var after = Draw(change, TimeSpan.FromHours(3), TimeSpan.FromSeconds(3));
        foreach (var device in VoiceSearchPredictions.Devices)
        {
            var a = before.Count(p => p.Device == device) / (double)before.Count;
            var b = after.Count(p => p.Device == device) / (double)after.Count;
            Assert.True(Math.Abs(a - b) < 0.03, $"{device}: {a:0.000} vs {b:0.000}");
        }

        var lengthBefore = before.Average(p => p.UtteranceSeconds!.Value);
        var lengthAfter = after.Average(p => p.UtteranceSeconds!.Value);
        Assert.InRange(lengthBefore, 2.6, 3.4);
        Assert.True(Math.Abs(lengthBefore - lengthAfter) < 0.1, $"{lengthBefore:0.000} vs {lengthAfter:0.000}");
        Assert.True(Math.Abs(before.Average(p => p.Score) - after.Average(p => p.Score)) < 0.01);
    }

    [Fact]
    public void SometimesAFeatureIsMissing_AndVersionsSwitchOnce()
    {
        var day = Draw(Anchor.AddHours(-24), TimeSpan.FromHours(24), TimeSpan.FromSeconds(20));
        Assert.Contains(day, p => p.Device is null);
        Assert.Contains(day, p => p.Locale is null);
        Assert.InRange(day.Count(p => p.Device is null) / (double)day.Count, 0.005, 0.04);
        Assert.All(day, p => Assert.Equal(p.Timestamp < _model.VersionSwitch ? "v7" : "v8", p.Version));
        Assert.True(_model.ConceptChange > Anchor.AddHours(-24) && _model.ConceptChange < _model.Scenario.FirmwareUpdate);
    }

    [Fact]
    public void Brainstorm_UsesTemplatesAndLeavesOneGap()
    {
        Assert.Equal(4, VoiceSearchBrainstorm.FailureModes.Count);
        Assert.All(VoiceSearchBrainstorm.FailureModes, m => Assert.NotNull(FailureModeTemplates.Find(m.Template)));
        Assert.All(VoiceSearchBrainstorm.FailureModes, m => Assert.Contains(m.Component, VoiceSearchScenario.Components.Select(c => c.Name)));
        var ruled = VoiceSearchScenario.Rules.Select(r => r.Metric).ToHashSet();
        Assert.All(VoiceSearchBrainstorm.FailureModes.SelectMany(m => m.RuleMetrics), k => Assert.Contains(k, ruled));
        Assert.Single(VoiceSearchBrainstorm.FailureModes, m => m.RuleMetrics.Count == 0 && m.Status == FailureModeStatus.Brainstormed);
        Assert.Empty(SystemChecklists.Validate(VoiceSearchBrainstorm.Checklist));
    }
}
