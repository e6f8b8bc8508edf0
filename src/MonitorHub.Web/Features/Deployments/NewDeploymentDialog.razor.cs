using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Deployments;

public sealed partial class NewDeploymentDialog
{
    /// <summary>Issues whose field has an input of its own on this form; the rest are listed under it.</summary>
    private static readonly string[] FieldsWithInputs = ["model", "strategy", "baseline", "candidate", "steps", "analysis.slices", "analysis.minSamplesPerArm", "analysis.metrics"];

    private readonly DeploymentDraft _draft = new();
    private IReadOnlyList<string> _models = [];
    private IReadOnlyList<ModelVersion> _versions = [];
    private IReadOnlyList<string> _catalogue = [];
    private Dictionary<string, string> _errors = [];
    private List<(string Field, string Reason)> _other = [];
    private bool _saving;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The model to start with (the list page's filter), if any.</summary>
    [Parameter] public string? Model { get; set; }

    [Inject] private DeploymentStore Store { get; set; } = default!;
    [Inject] private ModelVersionStore Versions { get; set; } = default!;
    [Inject] private ModelStore Models { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;

    private string? VersionsHelp => _draft.Model is null ? "Pick a model first" : _versions.Count < 2 ? "Register at least two versions" : null;

    protected override async Task OnInitializedAsync()
    {
        _models = [.. (await Models.ListAsync()).Select(m => m.Name)];
        _catalogue = [.. (await Catalogue.ListDefinitionsAsync()).Select(d => d.Key)];
        if ((Model ?? (_models.Count == 1 ? _models[0] : null)) is { } model) await OnModelChangedAsync(model);
    }

    private async Task OnModelChangedAsync(string? model)
    {
        _draft.Model = model;
        var listed = model is null ? null : await Versions.ListAsync(model);
        _versions = listed is { IsOk: true } ? listed.Value! : [];
        // Newest versions last: the one before the newest is the usual baseline.
        _draft.Baseline = _versions.Count >= 2 ? _versions[^2].Version : null;
        _draft.Candidate = _versions.Count >= 1 ? _versions[^1].Version : null;
    }

    private static string KindName(StepKind kind) => kind switch
    {
        StepKind.SetWeight => "setWeight",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private void AddStep(StepKind kind) => _draft.Steps.Add(new DeploymentDraft.StepRow { Kind = kind, Weight = kind == StepKind.SetWeight ? 100 : null });

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Error(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        if (_saving) return;
        var spec = _draft.ToSpec();
        // The same validation the API runs, first here (instant), then the store's (registered versions, one rollout per model).
        var issues = DeploymentValidation.Validate(spec);
        if (issues.Count == 0)
        {
            var user = (await Auth.GetAuthenticationStateAsync()).User;
            if (!Policies.Allows(user, Permission.Edit))
            {
                issues = [new(null, "model", "Your role does not allow creating deployments.")];
            }
            else
            {
                _saving = true;
                var result = await Store.CreateAsync(spec, user.ActorName());
                _saving = false;
                if (result.IsOk)
                {
                    Dialog.Close(DialogResult.Ok(result.Value!.Id));
                    return;
                }

                issues = [.. result.Issues];
            }
        }

        _errors = DeploymentDraft.ByField(issues);
        _other = [.. issues.Where(i => !FieldsWithInputs.Contains(i.Field) && !IsRowField(i.Field)).Select(i => (i.Field, i.Reason))];
    }

    /// <summary>Step and metric rows show their own fields' errors.</summary>
    private static bool IsRowField(string field) =>
        (field.StartsWith("steps[", StringComparison.Ordinal) && !field.EndsWith(".approval.webhook", StringComparison.Ordinal))
        || (field.StartsWith("analysis.metrics[", StringComparison.Ordinal) && (field.EndsWith(".name", StringComparison.Ordinal)
            || field.EndsWith(".allowedIncrease", StringComparison.Ordinal) || field.EndsWith(".allowedDecrease", StringComparison.Ordinal)))
        || field.StartsWith("analysis.slices[", StringComparison.Ordinal);
}
