using System.Globalization;
using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Timeline;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Features.Timeline;

public sealed partial class HistoryPage
{
    private const int PageSize = 100;
    private const int SparklinePoints = 48;

    private static readonly (string Label, TimeSpan Length)[] Ranges =
        [("1 h", TimeSpan.FromHours(1)), ("24 h", TimeSpan.FromDays(1)), ("7 d", TimeSpan.FromDays(7)), ("30 d", TimeSpan.FromDays(30))];

    private TimeSpan _range = TimeSpan.FromDays(1);
    private int? _systemId;
    private IReadOnlyCollection<string> _kinds = TimelineKinds.All;
    private IReadOnlyList<Core.Metrics.SystemView> _systems = [];
    private List<TimelineEvent> _events = [];
    private TimelineCursor? _next;
    private TimelineCounts? _counts;
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private bool _loading = true;
    private bool _loadingMore;

    [Inject] private TimelineService Timeline { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private AlarmFeed Alarms { get; set; } = default!;
    [Inject] private DeploymentFeed Deployments { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Live over the in-process feeds: alarm changes and deployment decisions are what moves while on-call watches.
        Alarms.Changed += OnAlarmsChanged;
        Deployments.Changed += OnDeploymentChanged;
        Time.Changed += OnZoneKnown;
        _systems = await Catalogue.ListSystemsAsync();
        await LoadAsync();
    }

    private TimelineQuery Query(DateTimeOffset from, DateTimeOffset to, TimelineCursor? cursor = null, int limit = PageSize) =>
        new(from, to, _systemId, Kinds: _kinds.ToHashSet(), Cursor: cursor, Limit: limit);

    private async Task LoadAsync()
    {
        _to = Time.GetUtcNow().AddSeconds(1);
        _from = _to - _range;
        _events = [];
        _next = null;
        if (_kinds.Count > 0)
        {
            var page = await Timeline.PageAsync(Query(_from, _to));
            if (page.IsOk) (_events, _next) = ([.. page.Value.Events], page.Value.Next);
        }

        await CountAsync();
        _loading = false;
    }

    private async Task CountAsync()
    {
        var counts = _kinds.Count == 0 ? null : await Timeline.CountsAsync(Query(_from, _to), SparklinePoints);
        _counts = counts is { IsOk: true } ? counts.Value : null;
    }

    private async Task LoadMoreAsync()
    {
        if (_next is null) return;
        _loadingMore = true;
        var page = await Timeline.PageAsync(Query(_from, _to, _next));
        if (page.IsOk)
        {
            _events.AddRange(page.Value.Events);
            _next = page.Value.Next;
        }

        _loadingMore = false;
    }

    /// <summary>Adds what happened since the newest event shown (the page's range end moves to now).</summary>
    private async Task RefreshHeadAsync()
    {
        if (_loading || _kinds.Count == 0) return;
        var now = Time.GetUtcNow().AddSeconds(1);
        var since = _events.Count > 0 ? _events[0].Time : _from;
        var page = await Timeline.PageAsync(Query(since, now, limit: TimelineQuery.MaxLimit));
        if (!page.IsOk) return;
        var shown = _events.Select(e => (e.Kind, e.Id)).ToHashSet();
        var fresh = page.Value.Events.Where(e => !shown.Contains((e.Kind, e.Id))).ToList();
        _to = now;
        _from = now - _range;
        if (fresh.Count > 0) _events.InsertRange(0, fresh);
        await CountAsync();
        StateHasChanged();
    }

    private async Task RangeChangedAsync(TimeSpan range)
    {
        _range = range == default ? _range : range;
        await LoadAsync();
    }

    private async Task SystemChangedAsync(int? systemId)
    {
        _systemId = systemId;
        await LoadAsync();
    }

    private async Task KindsChangedAsync(IReadOnlyCollection<string>? kinds)
    {
        _kinds = kinds ?? [];
        await LoadAsync();
    }

    private DateTime HourOf(DateTimeOffset t)
    {
        var local = Time.ToLocal(t);
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
    }

    private string BucketText => _counts is null ? "" : _counts.Bucket.TotalHours >= 1
        ? $"{_counts.Bucket.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h"
        : $"{_counts.Bucket.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";

    private string CsvLink
    {
        get
        {
            var query = $"from={Uri.EscapeDataString(_from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(_to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";
            if (_systemId is { } system) query += $"&system={system.ToString(CultureInfo.InvariantCulture)}";
            if (_kinds.Count is > 0 && _kinds.Count < TimelineKinds.All.Count) query += "&kind=" + string.Join(',', _kinds);
            return "/api/v1/events.csv?" + query;
        }
    }

    private void OnAlarmsChanged(IReadOnlyList<AlarmView> changed) => _ = InvokeAsync(RefreshHeadAsync);

    private void OnDeploymentChanged(DeploymentChange change) => _ = InvokeAsync(RefreshHeadAsync);

    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Alarms.Changed -= OnAlarmsChanged;
        Deployments.Changed -= OnDeploymentChanged;
        Time.Changed -= OnZoneKnown;
    }
}
