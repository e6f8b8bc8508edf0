using MonitorHub.Core.Metrics;
using MonitorHub.Web.Features.Metrics;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class OverviewGroupingTests
{
    private static readonly SystemView Voice = new(new MonitoredSystem(1, "Voice search", ""), [], []);

    private static MetricDefinition Metric(string key, int? systemId = 1, bool pinned = false) =>
        new(key, key, MetricCategory.Software, "", "", systemId, null, "", pinned);

    [Fact]
    public void WithoutPins_ShowsWhatTheSystemPushes_AndLeavesDerivedMetricsToTheCatalogue()
    {
        var groups = Overview.Group([Metric("asr.latency_ms"), Metric("drift.m1.share"), Metric("detector.d2.detections"), Metric("model.asr.accuracy")], [Voice]);

        var group = Assert.Single(groups);
        Assert.Equal(["asr.latency_ms"], group.Keys);
        Assert.False(group.PinnedOnly);
        Assert.Equal(3, group.Hidden);
    }

    [Fact]
    public void WithPins_ShowsOnlyThePinned_DerivedOnesIncluded()
    {
        var groups = Overview.Group([Metric("asr.latency_ms"), Metric("asr.cpu_pct", pinned: true), Metric("drift.m1.share", pinned: true)], [Voice]);

        var group = Assert.Single(groups);
        Assert.Equal(["asr.cpu_pct", "drift.m1.share"], group.Keys.Order());
        Assert.True(group.PinnedOnly);
        Assert.Equal(1, group.Hidden);
    }

    [Fact]
    public void MetricsOutsideSystems_FormTheirOwnGroup_UnderTheSameRule()
    {
        var groups = Overview.Group([Metric("asr.latency_ms"), Metric("ops.queue_depth", systemId: null), Metric("drift.m9.share", systemId: null)], [Voice]);

        Assert.Equal(["Voice search", "Other metrics"], groups.Select(g => g.Title));
        Assert.Equal(["ops.queue_depth"], groups[1].Keys);
        Assert.Equal(1, groups[1].Hidden);
    }

    [Fact]
    public void ASystemWithAPipeline_IsShownBeforeItHasMetrics_SoItsHealthIsVisible()
    {
        var pipeline = new SystemView(new MonitoredSystem(2, "Batch scoring", ""), [new PipelineComponent(7, 2, "Features", "")], []);

        var groups = Overview.Group([Metric("asr.latency_ms")], [Voice, pipeline]);

        Assert.Equal(["Voice search", "Batch scoring"], groups.Select(g => g.Title));
        Assert.Same(pipeline, groups[1].System);
        Assert.Empty(groups[1].Keys);
    }
}
