using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.FailureModes;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.FailureModes;

public sealed partial class FailureModeBoard
{
    [Inject] private FailureModeStore Store { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private AlarmStore Alarms { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<FailureMode> _modes = [];
    private IReadOnlyList<SystemView> _systems = [];
    private IReadOnlyList<MetricDefinition> _metrics = [];
    private IReadOnlyList<RuleView> _rules = [];
    private int? _systemId;
    private bool _loading = true;

    protected override async Task OnInitializedAsync()
    {
        Store.Changed += OnChanged;
        _systems = await Catalogue.ListSystemsAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _modes = await Store.ListAsync(_systemId);
        _metrics = await Catalogue.ListDefinitionsAsync();
        _rules = await Alarms.ListRulesAsync();
        _loading = false;
    }

    private async Task FilterAsync(int? systemId)
    {
        _systemId = systemId;
        await LoadAsync();
    }

    private static string Title(FailureModeStatus status) => status switch
    {
        FailureModeStatus.Covered => "Covered",
        FailureModeStatus.AcceptedRisk => "Accepted risk",
        _ => "Brainstormed",
    };

    private static Color RiskColor(int risk) => risk >= 15 ? Color.Error : risk >= 8 ? Color.Warning : Color.Default;

    private string Name(string key) => _metrics.FirstOrDefault(m => m.Key == key) is { IsUnclassified: false } d ? $"{d.DisplayName} ({key})" : key;

    private string Where(FailureMode mode)
    {
        var system = _systems.FirstOrDefault(s => s.System.Id == mode.SystemId);
        var component = system?.Components.FirstOrDefault(c => c.Id == mode.ComponentId);
        var place = component is not null ? $"{system!.System.Name} › {component.Name}" : system?.System.Name ?? "any system";
        return $"{place} · updated by {mode.UpdatedBy}";
    }

    /// <summary>Opens the dialog without awaiting it, so the template menu closes behind it.</summary>
    private void Open(FailureMode? mode, FailureModeTemplate? template) => _ = InvokeAsync(() => EditAsync(mode, template));

    private async Task EditAsync(FailureMode? mode, FailureModeTemplate? template)
    {
        var parameters = new DialogParameters<FailureModeDialog>
        {
            { x => x.Mode, mode }, { x => x.Template, template }, { x => x.SystemId, _systemId ?? (_systems.Count == 1 ? _systems[0].System.Id : null) },
            { x => x.Systems, _systems }, { x => x.Metrics, _metrics }, { x => x.Rules, _rules },
        };
        var dialog = await Dialogs.ShowAsync<FailureModeDialog>(mode is null ? "New failure mode" : "Edit failure mode", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: FailureMode saved })
        {
            Snackbar.Add($"Saved “{saved.Title}”.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(FailureMode mode)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete failure mode", $"Delete “{mode.Title}”? Its metrics and rules stay.", yesText: "Delete", cancelText: "Cancel") != true) return;
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (await Store.DeleteAsync(mode.Id, user.ActorName())) await LoadAsync();
    }

    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose() => Store.Changed -= OnChanged;
}
