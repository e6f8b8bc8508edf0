using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Incidents;

public sealed class PipelineGraphTests
{
    [Fact]
    public void Cycle_IsRejected_NamingEdgesAndTheCycle()
    {
        var draft = new SystemDraft("Voice search", null,
            [new("VAD", null), new("ASR", null), new("NLU", null)],
            [new("VAD", "ASR"), new("ASR", "NLU"), new("nlu", "VAD")]);
        var issue = Assert.Single(CatalogueValidation.Validate(draft));
        Assert.Equal("edges", issue.Field);
        Assert.Contains("VAD → ASR → NLU → VAD", issue.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BranchesAndJoins_AreAccepted()
    {
        var draft = new SystemDraft("Voice search", null,
            [new("VAD", null), new("ASR", null), new("Speaker", null), new("Search", null)],
            [new("VAD", "ASR"), new("VAD", "Speaker"), new("ASR", "Search"), new("Speaker", "Search")]);
        Assert.Empty(CatalogueValidation.Validate(draft));
    }

    [Fact]
    public void FindCycle_ReturnsNullForADag_AndTheLoopOtherwise()
    {
        var dag = PipelineGraph.FindCycle([1, 2, 3], [(1, 2), (2, 3), (1, 3)], EqualityComparer<int>.Default);
        Assert.Null(dag);
        Assert.Equal([2, 3, 2], PipelineGraph.FindCycle([1, 2, 3], [(1, 2), (2, 3), (3, 2)], EqualityComparer<int>.Default));
    }

    [Fact]
    public void Ancestors_FollowEveryPath()
    {
        var graph = new PipelineGraph([1, 2, 3, 4], [new(1, 2), new(1, 3), new(2, 4), new(3, 4)]);
        Assert.Equal([1, 2, 3], graph.Ancestors(4).Order());
        Assert.True(graph.IsUpstreamOf(1, 4));
        Assert.False(graph.Connected(2, 3));
        Assert.True(graph.Connected(4, 1));
    }
}
