using Bunit;
using MonitorHub.Core.Metrics;
using MonitorHub.Web.Features.Metrics;
using MudBlazor;

namespace MonitorHub.Web.Tests.Features.Metrics;

public sealed class DefinitionEditorTests : ComponentTestContext
{
    private static readonly MetricDefinition Unclassified = new("asr.latency_ms", "asr.latency_ms", MetricCategory.Unclassified, "", "", null, null, "");

    private static readonly SystemView Voice = new(new MonitoredSystem(1, "Voice search", ""),
        [new PipelineComponent(10, 1, "VAD", ""), new PipelineComponent(11, 1, "ASR", "")], [new ComponentEdge(10, 11)]);

    private readonly List<MetricDefinitionUpdate> _saved = [];
    private readonly List<string?> _reasons = [];

    private IRenderedComponent<DefinitionEditor> RenderEditor(Func<MetricDefinitionUpdate, IReadOnlyList<ValidationIssue>>? answer = null)
    {
        Render<MudPopoverProvider>();
        return Render<DefinitionEditor>(p => p
            .Add(e => e.Definition, Unclassified)
            .Add(e => e.Systems, [Voice])
            .Add(e => e.OnSave, (update, reason) =>
            {
                _saved.Add(update);
                _reasons.Add(reason);
                return Task.FromResult(answer?.Invoke(update) ?? []);
            }));
    }

    [Fact]
    public void EmptyDisplayName_ShowsTheMessage_AndDoesNotSave()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=field-displayName]").Input("   ");

        editor.Find("[data-testid=save]").Click();

        Assert.Empty(_saved);
        Assert.Contains("Required.", editor.Markup);
    }

    [Fact]
    public void ValidForm_SavesTheEditedFields_ClassifyingAsSoftwareByDefault()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=field-displayName]").Input("Latency");
        editor.Find("input[data-testid=field-unit]").Change("ms");
        editor.Find("input[data-testid=field-owner]").Change("asr-team");
        editor.Find("input[data-testid=field-reason]").Input("Classify the ASR latency");

        editor.Find("[data-testid=save]").Click();

        Assert.Equal("Classify the ASR latency", Assert.Single(_reasons));
        var update = Assert.Single(_saved);
        Assert.Equal("Latency", update.DisplayName);
        Assert.Equal(MetricCategory.Software, update.Category);
        Assert.Equal("ms", update.Unit);
        Assert.Equal("asr-team", update.OwnerTeam);
    }

    [Fact]
    public void ProblemsFromTheStore_AppearOnTheirFields()
    {
        var editor = RenderEditor(_ => [new ValidationIssue(null, "componentId", "The component belongs to another system.")]);
        editor.Find("input[data-testid=field-reason]").Input("Move it");

        editor.Find("[data-testid=save]").Click();

        Assert.Single(_saved);
        editor.WaitForAssertion(() => Assert.Contains("The component belongs to another system.", editor.Markup));
    }

    [Fact]
    public void MissingReason_IsAskedFor_AndNothingIsSaved()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=field-displayName]").Input("Latency");

        editor.Find("[data-testid=save]").Click();

        Assert.Empty(_saved);
        Assert.Contains("kept in the version history", editor.Markup);
    }

    [Fact]
    public void ComponentPicker_IsDisabledUntilASystemIsChosen()
    {
        var editor = RenderEditor();
        var input = editor.Find("[data-testid=field-component]");
        Assert.True(input.HasAttribute("disabled"), input.OuterHtml);
    }
}

public sealed class DefinitionEditorRerenderTests : ComponentTestContext
{
    [Fact]
    public void ReappliedParameters_DoNotResetWhatTheUserTyped()
    {
        var definition = new MetricDefinition("m", "m", MetricCategory.Unclassified, "", "", null, null, "");
        MetricDefinitionUpdate? saved = null;
        Render<MudPopoverProvider>();
        var editor = Render<DefinitionEditor>(p => p
            .Add(e => e.Definition, definition)
            .Add(e => e.OnSave, (u, _) => { saved = u; return Task.FromResult<IReadOnlyList<ValidationIssue>>([]); }));
        editor.Find("input[data-testid=field-displayName]").Input("Typed name");
        editor.Find("input[data-testid=field-reason]").Input("Rename");

        // The dialog host re-renders (e.g. a live update) and hands the same definition again.
        editor.Render(p => p.Add(e => e.Definition, definition));
        editor.Find("[data-testid=save]").Click();

        Assert.Equal("Typed name", saved?.DisplayName);
    }
}
