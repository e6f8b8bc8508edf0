using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.BatchJobs;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Web.Components;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Drift;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.BatchJobs;

/// <summary>
/// One batch job: its state badge, schedule, next expected run and last success, its alarm rules, and
/// its runs (chart of the latest 200 and a paged table). Refreshes when a run arrives and every 30 s,
/// so lateness shows without one.
/// </summary>
public sealed partial class JobDetailPage : IDisposable
{
    private const int ChartRuns = 200;
    private List<BreadcrumbItem> _crumbs = [];
    private JobView? _job;
    private IReadOnlyList<AlarmRule> _rules = [];
    private IReadOnlyList<SystemView> _systems = [];
    private IReadOnlyList<TimeChart.Line> _lines = [];
    private IReadOnlyList<TimeChart.Marker> _failures = [];
    private (double Min, double Max) _durationRange = (0, 1);
    private MudTable<JobRun>? _table;
    private int _total;
    private bool _loading = true;
    private ITimer? _timer;

    [Parameter] public string Name { get; set; } = "";

    [Inject] private JobStore Store { get; set; } = default!;
    [Inject] private JobAlarmRules Rules { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;

    private bool MissingStandardRules =>
        _job is not null && (!_rules.Any(r => r.Metric == JobMetricKeys.Failed(_job.Job.Name))
                             || (_job.Job.Schedule.IsSet && !_rules.Any(r => r.Metric == JobMetricKeys.Overdue(_job.Job.Name))));

    protected override async Task OnInitializedAsync()
    {
        Store.Changed += OnChanged;
        Time.Changed += OnZoneKnown;
        _timer = Time.CreateTimer(_ => OnChanged(Name), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        _systems = await Catalogue.ListSystemsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        _crumbs = [new("Batch jobs", Urls.BatchJobs), new(Name, null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _job = await Store.GetAsync(Name);
        _rules = _job is null ? [] : await Rules.ForAsync(Name);
        var recent = _job is null ? null : await Store.RunsAsync(Name, 0, ChartRuns);
        _total = recent?.Total ?? 0;
        var finished = (recent?.Runs ?? []).Where(r => r.FinishedAt is not null).OrderBy(r => r.FinishedAt).ToList();
        _lines =
        [
            new("duration (s)", [.. finished.Select(r => (r.FinishedAt!.Value, r.DurationSeconds))], MonitorHubTheme.Chart.Trend, Markers: true),
            new("rows in", [.. finished.Select(r => (r.FinishedAt!.Value, r.RowsIn))], MonitorHubTheme.Chart.Reference, Markers: true, SecondAxis: true),
            new("rows out", [.. finished.Select(r => (r.FinishedAt!.Value, r.RowsOut))], MonitorHubTheme.Chart.Current, Markers: true, SecondAxis: true),
        ];
        // The failed-run markers span the duration axis, so it is fixed from 0 to a little above the longest run.
        _durationRange = (0, Math.Max(1, finished.Select(r => r.DurationSeconds ?? 0).DefaultIfEmpty(0).Max()) * 1.1);
        _failures = [.. finished.Where(r => r.Status == JobRunStatus.Failed).Select(r => new TimeChart.Marker(r.FinishedAt!.Value, "failed run", MonitorHubTheme.Chart.Alert))];
        _loading = false;
    }

    private async Task<TableData<JobRun>> LoadRunsAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Store.RunsAsync(Name, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<JobRun> { TotalItems = page?.Total ?? 0, Items = page?.Runs ?? [] };
    }

    private string ComponentName(int? componentId) =>
        componentId is { } id && _systems.SelectMany(s => s.Components.Select(c => (s.System, c))).FirstOrDefault(x => x.c.Id == id) is { c: not null } found
            ? $"{found.System.Name} / {found.c.Name}"
            : "none";

    private async Task CreateRulesAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (_job is null || !Policies.Allows(user, Core.Security.Permission.Edit)) return;
        var created = await Rules.EnsureAsync(_job.Job, user.ActorName());
        if (!created.IsOk)
        {
            Snackbar.Add(string.Join(" ", created.Issues.Select(i => $"{i.Field}: {i.Reason}")), MudBlazor.Severity.Error);
            return;
        }

        Snackbar.Add($"Created {created.Value.Count} rule(s).", MudBlazor.Severity.Success);
        _rules = await Rules.ForAsync(Name);
    }

    private async Task OnSavedAsync()
    {
        await LoadAsync();
        if (_table is not null) await _table.ReloadServerData();
    }

    private void OnChanged(string job)
    {
        if (job != Name) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            if (_table is not null) await _table.ReloadServerData();
            StateHasChanged();
        });
    }

    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Store.Changed -= OnChanged;
        Time.Changed -= OnZoneKnown;
        _timer?.Dispose();
    }
}
