using MonitorHub.Core.Deployments;
using MonitorHub.Core.Demo;

namespace MonitorHub.Core.Tests.Demo;

public sealed class VoiceSearchShadowTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly VoiceSearchPredictions _model = new(new VoiceSearchScenario(Anchor));

    [Fact]
    public void V9_AgreesAbout96PercentWithV8_AndIsSlightlyMoreAccurateOnLabelledPairs()
    {
        // Every 2 s over the three hours v8 is live: ~5 400 requests.
        var live = Enumerable.Range(0, 5400).Select(i => _model.At(_model.VersionSwitch.AddSeconds(i * 2))).ToList();
        var rows = live.Select(p => new ShadowRow(p.Intent, VoiceSearchShadow.Answer(_model, p)!, _model.LabelFor(p)?.Intent)).ToList();

        var result = ShadowComparison.Classification(rows);

        Assert.InRange(result.AgreementRate, 0.95, 0.97);
        Assert.InRange(result.Labelled!.ShadowAccuracy - result.Labelled.LiveAccuracy, 0.005, 0.03);
        Assert.Null(VoiceSearchShadow.Answer(_model, _model.At(_model.VersionSwitch.AddHours(-1))));
        Assert.Equal(VoiceSearchShadow.Answer(_model, live[7]), VoiceSearchShadow.Answer(_model, live[7]));
    }
}
