using System.Globalization;
using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Features.Metrics;

public sealed partial class MetricDetail
{
    /// <summary>How often the live chart re-reads its newest buckets; the headline value moves with it.</summary>
    internal static readonly TimeSpan LivePace = TimeSpan.FromSeconds(1);

    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    private MetricDefinition? _definition;
    private bool _notFound;
    private SeriesPoint? _latest;
    private RangeOption _range = RangeOption.All[1];
    private Aggregation _aggregation = Aggregation.Mean;
    private bool _live = true;
    private bool _showAll;
    private string? _customFrom;
    private string? _customTo;
    private string? _error;
    private bool _querying;
    private SeriesQueryResult? _result;
    private MetricChart? _chart;
    private bool _started;
    private string? _detectorNote;
    private string? _deploymentNote;
    private bool _showEvents;
    private string? _eventsNote;
    private IDisposable? _subscription;
    private readonly SemaphoreSlim _liveGate = new(1, 1);

    [Parameter] public string Key { get; set; } = "";

    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private SeriesQueryService Queries { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;
    [Inject] private DetectorService Detectors { get; set; } = default!;
    [Inject] private Deployments.DeploymentMarkers Deployments { get; set; } = default!;
    [Inject] private Timeline.ChartEvents Events { get; set; } = default!;

    internal string ChartId => "chart-" + Key.Replace('.', '-').Replace(':', '-');

    protected override async Task OnParametersSetAsync()
    {
        _definition = await Catalogue.GetDefinitionAsync(Key);
        _notFound = _definition is null;
        if (_notFound) return;
        _latest = (await Queries.LatestAsync([Key])).TryGetValue(Key, out var latest) ? latest : null;
        _subscription?.Dispose();
        _subscription = Feed.Subscribe(new HashSet<string> { Key }, LivePace, OnSamplesAsync);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render may still be the progress bar: start once the chart exists to draw on.
        if (_started || _chart is null) return;
        _started = true;
        await Time.WhenKnown;
        var now = Time.GetUtcNow();
        _customTo = Time.ToLocal(now).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        _customFrom = Time.ToLocal(now - TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await ReloadAsync();
    }

    private async Task OnRangeChangedAsync(RangeOption option)
    {
        _range = option;
        if (option == RangeOption.Custom) { _live = false; return; }
        await ReloadAsync();
    }

    private async Task OnAggregationChangedAsync(Aggregation aggregation)
    {
        _aggregation = aggregation;
        await ReloadAsync();
    }

    private void OnLiveChanged(bool live) => _live = live;

    private async Task OnShowAllChangedAsync(bool showAll)
    {
        _showAll = showAll;
        await ReloadAsync();
    }

    /// <summary>A metric with many tag sets draws its top 10 by the chart's aggregation until "show all" is
    /// on: 100 lines are unreadable, and the top ten are read at a tenth of the cost.</summary>
    private TopSeries? Top => _showAll ? null : new TopSeries(TopSeries.ChartDefault, _aggregation);

    /// <summary>Whether the chart draws only some of the metric's series (live pushes then leave the others out).</summary>
    private bool ShowsTopOnly => _result is not null && _result.Series.Count < _result.TotalSeries;

    private (DateTimeOffset From, DateTimeOffset To)? CurrentRange()
    {
        if (_range.Length is { } length)
        {
            var now = Time.GetUtcNow();
            return (now - length, now);
        }

        if (!DateTime.TryParse(_customFrom, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateTime.TryParse(_customTo, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            _error = "Enter both a start and an end time.";
            return null;
        }

        return (Time.FromLocal(from), Time.FromLocal(to));
    }

    /// <summary>Full reload: a new query and one redraw; live updates afterwards only push points.</summary>
    private async Task ReloadAsync()
    {
        _error = null;
        if (CurrentRange() is not { } range) return;
        var plan = Queries.Plan(range.From, range.To, null, out var issue);
        if (plan is null)
        {
            _error = issue!.Reason;
            return;
        }

        _querying = true;
        StateHasChanged();
        await _liveGate.WaitAsync();
        try
        {
            _result = await Queries.QueryAsync(Key, plan, _aggregation, NoFilter, top: Top);
            var detections = await DetectionsAsync(plan.From, plan.To);
            var (markers, deployments) = await Deployments.ForMetricAsync(Key, plan.From, plan.To);
            _deploymentNote = deployments.Count == 0 ? null
                : $"Dashed lines: weight changes and decisions of deployment{(deployments.Count > 1 ? "s" : "")} {string.Join(", ", deployments.Select(id => "#" + id))}, which judge this metric.";
            (markers, _eventsNote) = await WithEventsAsync(markers, plan.From, plan.To);
            if (_chart is not null) await _chart.ShowAsync(_result, _definition!, _aggregation, detections, markers);
        }
        finally
        {
            _liveGate.Release();
            _querying = false;
        }

        StateHasChanged();
    }

    private async Task OnShowEventsChangedAsync(bool show)
    {
        _showEvents = show;
        await ReloadAsync();
    }

    /// <summary>The timeline's events of the metric's system added to the deployment markers, when shown.</summary>
    private async Task<(IReadOnlyList<MetricChart.Marker> Markers, string? Note)> WithEventsAsync(IReadOnlyList<MetricChart.Marker> markers, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_showEvents) return (markers, null);
        var (events, truncated) = await Events.ForMetricAsync(_definition!, from, to);
        var scope = _definition!.SystemId is null ? "of this metric" : "in its system";
        var note = events.Count == 0 ? $"No changes {scope} in this range."
            : $"Dotted lines with ◆: {events.Count}{(truncated ? " newest" : "")} change{(events.Count == 1 ? "" : "s")} {scope} (alarms, rules, definitions, silences, automation, drift, detections); hover a ◆ for what happened.";
        return ([.. markers, .. events], note);
    }

    /// <summary>Detections by the streaming detectors watching this metric, described under the chart.</summary>
    private async Task<IReadOnlyList<MetricChart.Detection>> DetectionsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var watching = (await Detectors.ListAsync()).Where(d => d.Definition.Source == DetectorSource.Metric && d.Definition.Metric == Key).ToList();
        _detectorNote = null;
        if (watching.Count == 0) return [];
        var events = await Detectors.EventsAsync([.. watching.Select(d => d.Definition.Id)], from);
        _detectorNote = $"Dotted lines: detections by {string.Join(", ", watching.Select(d => $"{d.Definition.Name} ({d.Definition.Kind})"))} — {events.Count(e => e.At <= to)} in this range.";
        return [.. events.Where(e => e.At <= to).Take(200).Select(e => new MetricChart.Detection(e.At, e.Kind == "warning"))];
    }

    /// <summary>
    /// Live mode: re-read exactly the buckets the pushed samples fall in — for all series at once, in
    /// one query per push, paced at <see cref="LivePace"/> — and push those points into the existing
    /// Plotly traces; the component does not re-render. Values stay exact (the same reading rules as
    /// the full chart) because the feed publishes only after the writer commits. It used to be one
    /// query per (series, bucket) per push: with 100 series and five open tabs that was thousands of
    /// queries a second and starved ingestion (benchmark `soak`).
    /// </summary>
    private Task OnSamplesAsync(IReadOnlyList<StoredSample> samples) => InvokeAsync(async () =>
    {
        var newest = samples.MaxBy(s => s.Timestamp)!;
        if (_latest is not { } known || newest.Timestamp >= known.T) _latest = new SeriesPoint(newest.Timestamp, newest.Value);
        StateHasChanged();

        if (!_live || _range.Length is not { } length || _result is null || _chart is null) return;
        await _liveGate.WaitAsync();
        try
        {
            var windowStart = Time.GetUtcNow() - length;
            if (_result.Plan.Covering(samples.Select(s => s.Timestamp.ToUnixTimeMilliseconds()), windowStart.ToUnixTimeMilliseconds()) is not { } dirty) return;
            var touched = samples.Select(s => s.Tags).ToHashSet();
            if (ShowsTopOnly) touched.IntersectWith(_result.Series.Select(s => s.Tags));
            var fresh = await Queries.QueryAsync(Key, dirty, _aggregation, NoFilter);
            await _chart.PushAsync(fresh, touched, windowStart);
        }
        finally
        {
            _liveGate.Release();
        }
    });

    private static string StepLabel(long seconds) =>
        seconds % 86400 == 0 ? $"{seconds / 86400} d" : seconds % 3600 == 0 ? $"{seconds / 3600} h" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds} s";

    public ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _liveGate.Dispose();
        return ValueTask.CompletedTask;
    }
}
