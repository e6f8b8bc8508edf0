using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Features.Alarms;

public sealed partial class AlarmDetailPage
{
    private AlarmDetail? _detail;
    private AlarmChart.Evaluations? _evaluations;
    private bool _loading = true;

    [Parameter] public long Id { get; set; }

    [Inject] private AlarmStore Store { get; set; } = default!;
    [Inject] private AlarmFeed Feed { get; set; } = default!;
    [Inject] private AlarmActions Actions { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Feed.Changed += OnChanged;
        Time.Changed += OnZoneKnown;
        await LoadAsync();
    }

    // Rendered before the browser told its zone, the times would stay in UTC after a full page load.
    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    /// <summary>The alarm and what its rule evaluated from 30 minutes before it started to 10 after it resolved (or now).</summary>
    private async Task LoadAsync()
    {
        _detail = await Store.GetAlarmAsync(Id);
        if (_detail is not null)
        {
            var alarm = _detail.Alarm;
            var end = alarm.ResolvedAt?.AddMinutes(10) ?? Time.GetUtcNow();
            var start = alarm.StartedAt.AddMinutes(-30);
            _evaluations = new AlarmChart.Evaluations(_detail, start, end, await Store.EvaluationsAsync(alarm.RuleId, alarm.Tags.Key, start, end));
        }

        _loading = false;
    }

    private void OnChanged(IReadOnlyList<AlarmView> changed)
    {
        if (changed.All(a => a.Id != Id)) return;
        _ = InvokeAsync(RefreshAsync);
    }

    private async Task AckAsync()
    {
        if (await Actions.AcknowledgeAsync(_detail!.Alarm, (await Auth.GetAuthenticationStateAsync()).User, _detail.Rule.AckTimeoutMinutes)) await RefreshAsync();
    }

    private async Task ResolveAsync()
    {
        if (await Actions.ResolveAsync(_detail!.Alarm, (await Auth.GetAuthenticationStateAsync()).User)) await RefreshAsync();
    }

    // The chart redraws itself from the new evaluations after this render.
    private async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        Time.Changed -= OnZoneKnown;
    }
}
