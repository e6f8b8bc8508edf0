using System.Globalization;
using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Automation;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Automation;
using MonitorHub.Web.Components.Shared;
using MudBlazor;

namespace MonitorHub.Web.Features.Automation;

public sealed partial class AutomationPanel : IDisposable
{
    private readonly DialogOptions _options = new() { MaxWidth = MaxWidth.Small, FullWidth = true };
    private bool _open;
    private AutomationDegree _degree;
    private double? _threshold;
    private string? _reason;
    private IReadOnlyList<string> _errors = [];

    [Parameter, EditorRequired] public AutomationView View { get; set; } = default!;

    /// <summary>The τ curve; shown in partial automation and used to suggest τ in the dialog.</summary>
    [Parameter] public ThresholdCurve? Curve { get; set; }

    [Parameter] public bool CanEdit { get; set; }

    /// <summary>Applies a change; answers the problems (field: reason) or none.</summary>
    [Parameter] public Func<AutomationRequest, Task<IReadOnlyList<ValidationIssue>>>? OnChange { get; set; }

    [Inject] private BrowserTimeProvider Time { get; set; } = default!;

    // Times are written in the browser's zone, which arrives after the first render.
    protected override void OnInitialized() => Time.Changed += OnZoneKnown;

    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Time.Changed -= OnZoneKnown;

    private void Open()
    {
        _degree = View.Degree ?? AutomationDegree.HumanOnly;
        _threshold = View.Threshold ?? Curve?.Suggested;
        _reason = null;
        _errors = [];
        _open = true;
    }

    private async Task SaveAsync()
    {
        if (OnChange is null) return;
        var issues = await OnChange(new AutomationRequest(_degree, _reason, _degree == AutomationDegree.PartialAutomation ? _threshold : null));
        _errors = [.. issues.Select(i => $"{i.Field}: {i.Reason}")];
        if (_errors.Count == 0) _open = false;
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.0 %", CultureInfo.InvariantCulture) : "–";
}
