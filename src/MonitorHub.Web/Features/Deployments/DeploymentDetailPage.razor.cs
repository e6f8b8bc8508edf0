using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Drift;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Deployments;

public sealed partial class DeploymentDetailPage
{
    private DeploymentDetail? _detail;
    private DeploymentDecision? _lastDecision;
    private IReadOnlyList<TimeChart.Line> _weight = [];
    private IReadOnlyList<TimeChart.Marker> _markers = [];
    private IReadOnlyList<TimeChart.Line> _agreement = [];
    private bool _loading = true;
    private bool _canEdit;
    private int _shownRuns = 5;

    [Parameter] public long Id { get; set; }

    [Inject] private DeploymentStore Store { get; set; } = default!;
    [Inject] private DeploymentController Controller { get; set; } = default!;
    [Inject] private DeploymentFeed Feed { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _canEdit = Policies.Allows((await Auth.GetAuthenticationStateAsync()).User, Permission.Edit);
        Feed.Changed += OnChanged;
        Time.Changed += OnZoneKnown;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _detail = await Store.GetAsync(Id);
        _loading = false;
        if (_detail is null) return;
        _lastDecision = _detail.Decisions.Count > 0 ? _detail.Decisions[^1] : null;
        (_weight, _markers) = WeightLine(_detail, Clock.GetUtcNow());
        _agreement = AgreementLines(_detail.Runs);
    }

    /// <summary>Shadow agreement per analysis window (at the window's end), with its Wilson interval as two
    /// faint lines; nothing when no run compared classes.</summary>
    internal static IReadOnlyList<TimeChart.Line> AgreementLines(IReadOnlyList<AnalysisRun> runs)
    {
        var shadow = runs.Where(r => r.Shadow?.Agreement is not null).ToList();
        if (shadow.Count == 0) return [];
        IReadOnlyList<(DateTimeOffset, double?)> Points(Func<ShadowSummary, double?> value) => [.. shadow.Select(r => (r.WindowTo, value(r.Shadow!) * 100))];
        return
        [
            new TimeChart.Line("agreement", Points(s => s.Agreement), MonitorHubTheme.Chart.Trend, Markers: true),
            new TimeChart.Line("95 % low", Points(s => s.AgreementLow), MonitorHubTheme.Chart.Muted),
            new TimeChart.Line("95 % high", Points(s => s.AgreementHigh), MonitorHubTheme.Chart.Muted),
        ];
    }

    /// <summary>The weight as a step line from creation to now (or the end), and the decisions that were
    /// not plain weight steps (pauses, rollbacks, approvals) as markers on it.</summary>
    internal static (IReadOnlyList<TimeChart.Line>, IReadOnlyList<TimeChart.Marker>) WeightLine(DeploymentDetail detail, DateTimeOffset now)
    {
        var d = detail.Deployment;
        var points = new List<(DateTimeOffset, double?)> { (d.CreatedAt, 0) };
        var weight = 0;
        var markers = new List<TimeChart.Marker>();
        foreach (var decision in detail.Decisions)
        {
            points.Add((decision.At, weight));
            points.Add((decision.At, decision.Weight));
            weight = decision.Weight;
            if (decision.From != decision.To)
                markers.Add(new(decision.At, DeploymentUi.Name(decision.To), DeploymentUi.ChartColor(decision.To)));
        }

        points.Add((d.IsTerminal ? d.UpdatedAt : now, weight));
        return ([new TimeChart.Line("weight", points, MonitorHubTheme.Chart.Trend)], markers);
    }

    private void OnChanged(DeploymentChange change)
    {
        if (change.Deployment.Id != Id) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task ActAsync(DeploymentAction action)
    {
        var d = _detail!.Deployment;
        var name = DeploymentUi.Name(action);
        var parameters = new DialogParameters<ReasonDialog>
        {
            { x => x.Prompt, $"{char.ToUpperInvariant(name[0])}{name[1..]} deployment #{d.Id} ({d.Spec.Model} {d.Spec.Baseline} → {d.Spec.Candidate}). Why?" },
            { x => x.Action, name },
            { x => x.Color, action is DeploymentAction.Abort or DeploymentAction.Rollback ? Color.Error : Color.Primary },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(name, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return;
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (!Policies.Allows(user, Permission.Edit))
        {
            Snackbar.Add("Your role does not allow acting on deployments.", Severity.Error);
            return;
        }

        var result = await Store.ActAsync(Id, action, user.ActorName(), reason);
        if (result.IsOk) Snackbar.Add($"Deployment {name}d: {DeploymentUi.Name(result.Value!.State)}.", Severity.Success);
        else Snackbar.Add(result.Issues.FirstOrDefault()?.Reason ?? $"No deployment {Id}.", Severity.Error);
        await LoadAsync();
    }

    private async Task AnalyzeAsync()
    {
        if (!Policies.Allows((await Auth.GetAuthenticationStateAsync()).User, Permission.Edit)) return;
        var result = await Controller.AnalyzeNowAsync(Id);
        if (result.IsOk) Snackbar.Add($"Analysis run #{result.Value!.Id}: {DeploymentUi.Name(result.Value.Verdict)}.", Severity.Info);
        await LoadAsync();
    }

    // Times are written in the browser's zone, which arrives after the first render.
    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        Time.Changed -= OnZoneKnown;
    }
}
