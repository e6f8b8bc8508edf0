using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Web.Features.Pipelines;

namespace MonitorHub.Web.Tests.Features.Pipelines;

public sealed class PipelineGraphViewTests : ComponentTestContext
{
    // A diamond: Capture feeds VAD and Denoise, which both feed ASR.
    private const int Capture = 1, Vad = 2, Denoise = 3, Asr = 4;

    private static readonly SystemView Diamond = new(
        new MonitoredSystem(7, "Voice", ""),
        [new(Asr, 7, "ASR", ""), new(Vad, 7, "VAD", ""), new(Capture, 7, "Capture", "Microphones"), new(Denoise, 7, "Denoise", "")],
        [new(Capture, Vad), new(Capture, Denoise), new(Vad, Asr), new(Denoise, Asr)]);

    private IRenderedComponent<PipelineGraphView> RenderDiamond(
        IReadOnlyDictionary<int, ComponentHealth>? health = null, IReadOnlySet<int>? highlight = null, IReadOnlySet<(int, int)>? edges = null) =>
        Render<PipelineGraphView>(p => p
            .Add(c => c.System, Diamond)
            .Add(c => c.Health, health)
            .Add(c => c.Highlight, highlight)
            .Add(c => c.HighlightEdges, edges));

    private static IElement Node(IRenderedComponent<PipelineGraphView> graph, string name) => graph.Find($"[data-testid='dag-node-{name}']");

    private static (double X, double Y) Box(IRenderedComponent<PipelineGraphView> graph, string name)
    {
        var rect = Node(graph, name).QuerySelector("rect")!;
        return (double.Parse(rect.GetAttribute("x")!, CultureInfo.InvariantCulture), double.Parse(rect.GetAttribute("y")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Diamond_IsLaidOutInThreeColumns_WithTheBranchesSideBySide()
    {
        var graph = RenderDiamond();

        var (capture, vad, denoise, asr) = (Box(graph, "Capture"), Box(graph, "VAD"), Box(graph, "Denoise"), Box(graph, "ASR"));
        Assert.True(capture.X < vad.X && vad.X < asr.X, $"{capture} {vad} {asr}");
        Assert.Equal(vad.X, denoise.X);
        Assert.NotEqual(vad.Y, denoise.Y);
        // The source and the join sit between the branches.
        Assert.Equal(capture.Y, asr.Y);
        Assert.Equal((vad.Y + denoise.Y) / 2, asr.Y);
        Assert.Equal(4, graph.FindAll("[data-testid=dag-edge]").Count);
    }

    [Fact]
    public void Components_AreColouredByTheirWorstOpenAlarm_WithABadgeOfOpenCounts()
    {
        var graph = RenderDiamond(new Dictionary<int, ComponentHealth>
        {
            [Vad] = new(Vad, Open: 2, Firing: 2, Acknowledged: 0, Worst: Severity.Critical),
            [Denoise] = new(Denoise, Open: 1, Firing: 1, Acknowledged: 0, Worst: Severity.Warning),
            [Asr] = new(Asr, Open: 1, Firing: 0, Acknowledged: 1, Worst: Severity.Warning),
        });

        Assert.Equal(("critical", "warning", "acknowledged", "ok"),
            (Node(graph, "VAD").GetAttribute("data-level"), Node(graph, "Denoise").GetAttribute("data-level"),
             Node(graph, "ASR").GetAttribute("data-level"), Node(graph, "Capture").GetAttribute("data-level")));
        Assert.Equal("2", graph.Find("[data-testid=dag-badge-VAD]").TextContent);
        Assert.Equal("1", graph.Find("[data-testid=dag-badge-ASR]").TextContent);
        Assert.Empty(graph.FindAll("[data-testid=dag-badge-Capture]"));
        Assert.Contains("2 firing", Node(graph, "VAD").TextContent, StringComparison.Ordinal);
        Assert.Contains("1 acknowledged", Node(graph, "ASR").TextContent, StringComparison.Ordinal);
        Assert.Contains("Microphones", Node(graph, "Capture").TextContent, StringComparison.Ordinal);
        Assert.Equal("VAD: 2 open alarm(s)", Node(graph, "VAD").QuerySelector("title")!.TextContent);
    }

    [Fact]
    public void AffectedPath_IsHighlighted_AndTheRestDrawnDashed()
    {
        var graph = RenderDiamond(highlight: new HashSet<int> { Capture, Vad, Asr }, edges: new HashSet<(int, int)> { (Capture, Vad), (Vad, Asr) });

        Assert.Equal(["true", "true", "false", "true"],
            new[] { "Capture", "VAD", "Denoise", "ASR" }.Select(n => Node(graph, n).GetAttribute("data-highlighted")));
        Assert.Equal("4 3", Node(graph, "Denoise").QuerySelector("rect")!.GetAttribute("stroke-dasharray"));
        Assert.Equal("", Node(graph, "VAD").QuerySelector("rect")!.GetAttribute("stroke-dasharray") ?? "");
        Assert.Equal(2, graph.FindAll("[data-testid=dag-edge-highlighted]").Count);
        Assert.Equal(2, graph.FindAll("[data-testid=dag-edge]").Count);
    }

    [Fact]
    public void WithoutHighlight_NothingIsDashed_AndNodesLinkToThePipeline()
    {
        var graph = RenderDiamond();

        Assert.All(graph.FindAll("a[data-testid^=dag-node-]"), a => Assert.Equal("false", a.GetAttribute("data-highlighted")));
        Assert.All(graph.FindAll("a[data-testid^=dag-node-] > rect:first-of-type"), r => Assert.Equal("", r.GetAttribute("stroke-dasharray") ?? ""));
        Assert.Equal("/pipelines/7", Node(graph, "VAD").GetAttribute("href"));
    }
}
