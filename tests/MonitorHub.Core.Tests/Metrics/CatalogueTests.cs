using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class CatalogueTests
{
    private static readonly MetricDefinitionUpdate Valid = new("Latency", MetricCategory.Software, "ms", "", null, null, "asr-team");

    [Fact]
    public void ValidUpdate_HasNoIssues() => Assert.Empty(CatalogueValidation.Validate(Valid));

    [Theory]
    [InlineData("displayName")]
    [InlineData("category")]
    [InlineData("unit")]
    [InlineData("ownerTeam")]
    [InlineData("description")]
    public void InvalidField_IsNamed(string field)
    {
        var update = field switch
        {
            "displayName" => Valid with { DisplayName = "  " },
            "category" => Valid with { Category = null },
            "unit" => Valid with { Unit = new string('u', 33) },
            "ownerTeam" => Valid with { OwnerTeam = new string('o', 101) },
            _ => Valid with { Description = new string('d', 2001) },
        };
        Assert.Equal(field, Assert.Single(CatalogueValidation.Validate(update)).Field);
    }

    [Fact]
    public void SystemDraft_RejectsDuplicateComponentsAndDanglingEdges()
    {
        var draft = new SystemDraft("Voice search", null,
            [new("VAD", null), new("vad", null), new("ASR", null)],
            [new("VAD", "Search"), new("ASR", "ASR")]);
        var fields = CatalogueValidation.Validate(draft).Select(i => (i.Index, i.Field)).ToList();
        Assert.Contains((1, "components.name"), fields);
        Assert.Contains((0, "edges.to"), fields);
        Assert.Contains((1, "edges.to"), fields);
    }

    [Fact]
    public void PipelineOrder_FollowsEdgesNotStoredPosition()
    {
        var view = new SystemView(new MonitoredSystem(1, "s", ""),
            [new(3, 1, "Search", ""), new(1, 1, "Audio", ""), new(2, 1, "ASR", "")],
            [new(1, 2), new(2, 3)]);
        Assert.Equal(["Audio", "ASR", "Search"], view.InPipelineOrder().Select(c => c.Name));
    }
}
