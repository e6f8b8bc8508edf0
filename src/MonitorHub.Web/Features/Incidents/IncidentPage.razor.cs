using Microsoft.AspNetCore.Components;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Core.Security;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Incidents;

public sealed partial class IncidentPage
{
    private IncidentDetail? _detail;
    private IReadOnlyDictionary<int, ComponentHealth> _health = new Dictionary<int, ComponentHealth>();
    private IReadOnlySet<int> _path = new HashSet<int>();
    private IReadOnlySet<(int, int)> _edges = new HashSet<(int, int)>();
    private readonly Dictionary<long, AlarmChart.Evaluations> _charts = [];
    private bool _loading = true;

    [Parameter] public long Id { get; set; }

    [Inject] private IncidentStore Store { get; set; } = default!;
    [Inject] private AlarmStore Alarms { get; set; } = default!;
    [Inject] private AlarmFeed Feed { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Feed.Changed += OnChanged;
        Time.Changed += OnZoneKnown;
        await LoadAsync();
    }

    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    /// <summary>The incident, and each alarm's evaluations over one shared range (30 minutes before the
    /// first alarm to 10 after the last resolved, or now), so the charts line up on one time axis.</summary>
    private async Task LoadAsync()
    {
        _detail = await Store.GetAsync(Id);
        _charts.Clear();
        if (_detail is not null)
        {
            _health = await Store.ComponentHealthAsync();
            _path = _detail.AffectedPath.ToHashSet();
            _edges = _detail.AffectedEdges.Select(e => (e.FromComponentId, e.ToComponentId)).ToHashSet();
            var alarms = _detail.Alarms.Select(a => a.Alarm).ToList();
            var start = (alarms.Count == 0 ? _detail.Incident.OpenedAt : alarms.Min(a => a.StartedAt)).AddMinutes(-30);
            var end = alarms.Any(a => a.ResolvedAt is null) || alarms.Count == 0 ? Time.GetUtcNow() : alarms.Max(a => a.ResolvedAt!.Value).AddMinutes(10);
            foreach (var alarm in alarms)
            {
                if (await Alarms.GetAlarmAsync(alarm.Id) is not { } detail) continue;
                _charts[alarm.Id] = new AlarmChart.Evaluations(detail, start, end, await Alarms.EvaluationsAsync(alarm.RuleId, alarm.Tags.Key, start, end));
            }
        }

        _loading = false;
    }

    private void OnChanged(IReadOnlyList<AlarmView> changed)
    {
        if (_detail is null || !changed.Any(c => _detail.Alarms.Any(a => a.Alarm.Id == c.Id))) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private Task AckAsync() => ActAsync("Acknowledge every open alarm of this incident", "Acknowledge all",
        (comment, actor) => Store.AcknowledgeAsync(Id, comment, actor));

    private Task ResolveAsync() => ActAsync("Resolve every alarm of this incident", "Resolve all",
        (comment, actor) => Store.ResolveAsync(Id, comment, actor));

    /// <summary>One comment for every alarm: asked for, checked against the role, applied in one transaction.</summary>
    private async Task ActAsync(string title, string button, Func<string, string, Task<MonitorHub.Core.StoreResult<IncidentDetail>>> act)
    {
        var parameters = new DialogParameters<CommentDialog>
        {
            { d => d.Prompt, title + ". The comment is kept with each of them." },
            { d => d.Action, button },
            { d => d.ShowFeedback, false },
        };
        var dialog = await Dialogs.ShowAsync<CommentDialog>(button, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: ValueTuple<string, int, string> data }) return;
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (!Policies.Allows(user, Permission.Operate))
        {
            Snackbar.Add("Your role does not allow acknowledging or resolving alarms.", Severity.Error);
            return;
        }

        var result = await act(data.Item1, user.ActorName());
        if (!result.IsOk)
        {
            Snackbar.Add(result.Issues.FirstOrDefault()?.Reason ?? "The incident no longer exists.", Severity.Warning);
            return;
        }

        Snackbar.Add(button == "Acknowledge all" ? "Acknowledged." : "Resolved.", Severity.Success);
        await LoadAsync();
        StateHasChanged();
    }

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        Time.Changed -= OnZoneKnown;
    }
}
