using Microsoft.AspNetCore.Components;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Features.Metrics;

public sealed partial class Overview
{
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private SeriesQueryService Queries { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private MonitorHub.Infrastructure.Incidents.IncidentStore Incidents { get; set; } = default!;
    [Inject] private MonitorHub.Infrastructure.Alarms.AlarmFeed Alarms { get; set; } = default!;

    private IReadOnlyDictionary<int, MonitorHub.Infrastructure.Incidents.ComponentHealth> _health = new Dictionary<int, MonitorHub.Infrastructure.Incidents.ComponentHealth>();
    private IReadOnlyList<MonitorHub.Infrastructure.Incidents.IncidentSummary> _incidents = [];

    private static readonly TimeSpan SparkRefresh = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, SeriesPoint> _latest = [];
    private readonly Dictionary<string, IReadOnlyList<double>> _spark = [];
    private List<OverviewGroup> _groups = [];
    private bool _loading = true;
    private IDisposable? _subscription;
    private DateTimeOffset _sparkLoadedAt;
    private int _refreshing;

    /// <param name="PinnedOnly">The team pinned some of the group's metrics, and only those are shown.</param>
    /// <param name="Hidden">The group's metrics not shown here (derived ones, and unpinned ones when some are pinned).</param>
    /// <param name="System">The system the group is, when it is one (its pipeline is drawn above the cards).</param>
    internal sealed record OverviewGroup(
        string Title, List<KeyValuePair<MetricCategory, List<MetricDefinition>>> Categories, bool PinnedOnly, int Hidden, SystemView? System = null)
    {
        public IEnumerable<string> Keys => Categories.SelectMany(c => c.Value).Select(d => d.Key);
    }

    // Replaced, never mutated, when the catalogue changes: the feed's thread reads a consistent set.
    private IReadOnlySet<string> _shown = new HashSet<string>();

    protected override async Task OnInitializedAsync()
    {
        Catalogue.Changed += OnCatalogueChanged;
        Alarms.Changed += OnAlarmsChanged;
        await LoadAsync();
        _subscription = Feed.Subscribe(key => _shown.Contains(key), OnSamplesAsync);
    }

    private async Task LoadAsync()
    {
        var definitions = await Catalogue.ListDefinitionsAsync();
        var systems = await Catalogue.ListSystemsAsync();
        _groups = Group(definitions, systems);
        var keys = _groups.SelectMany(g => g.Keys).ToList();
        _shown = keys.ToHashSet();
        foreach (var (key, point) in await Queries.LatestAsync(keys)) _latest[key] = point;
        await LoadSparklinesAsync(keys);
        await LoadHealthAsync();
        _loading = false;
    }

    private async Task LoadHealthAsync()
    {
        (_health, _incidents) = await Incidents.PipelineHealthAsync();
    }

    private void OnAlarmsChanged(IReadOnlyList<MonitorHub.Infrastructure.Alarms.AlarmView> changed) => _ = InvokeAsync(async () =>
    {
        await LoadHealthAsync();
        StateHasChanged();
    });

    private async Task LoadSparklinesAsync(IEnumerable<string> keys)
    {
        var now = Clock.GetUtcNow();
        var plan = Queries.Plan(now - TimeSpan.FromHours(1), now, 60, out _)!;
        foreach (var key in keys)
        {
            var result = await Queries.QueryAsync(key, plan, Aggregation.Mean, new Dictionary<string, string>(), mergeSeries: true);
            _spark[key] = [.. result.Series.SelectMany(s => s.Points).Select(p => p.V)];
        }

        _sparkLoadedAt = now;
    }

    internal static List<OverviewGroup> Group(IReadOnlyList<MetricDefinition> definitions, IReadOnlyList<SystemView> systems)
    {
        var groups = new List<OverviewGroup>();
        foreach (var system in systems)
        {
            var mine = definitions.Where(d => d.SystemId == system.System.Id).ToList();
            // A system with a pipeline is shown even before it has metrics: its health is what on-call looks for.
            if (mine.Count > 0 || system.Components.Count > 0) groups.Add(Shown(system.System.Name, mine) with { System = system });
        }

        var other = definitions.Where(d => d.SystemId is null || systems.All(s => s.System.Id != d.SystemId)).ToList();
        if (other.Count > 0) groups.Add(Shown(groups.Count == 0 ? "Metrics" : "Other metrics", other));
        return groups;
    }

    /// <summary>The pinned metrics when the team pinned any; otherwise every metric that is not derived, so
    /// a new system shows what it pushes before anyone chose. Derived metrics (dozens per drift monitor)
    /// appear only when pinned.</summary>
    private static OverviewGroup Shown(string title, List<MetricDefinition> definitions)
    {
        var pinned = definitions.Where(d => d.Pinned).ToList();
        var shown = pinned.Count > 0 ? pinned : [.. definitions.Where(d => !d.IsDerived)];
        return new OverviewGroup(title, ByCategory(shown), pinned.Count > 0, definitions.Count - shown.Count);
    }

    private static List<KeyValuePair<MetricCategory, List<MetricDefinition>>> ByCategory(List<MetricDefinition> definitions) =>
        [.. definitions.GroupBy(d => d.Category)
            .OrderBy(g => g.Key == MetricCategory.Unclassified ? int.MaxValue : (int)g.Key)
            .Select(g => new KeyValuePair<MetricCategory, List<MetricDefinition>>(g.Key, [.. g.OrderBy(d => d.DisplayName)]))];

    private static string CategoryTitle(MetricCategory category) => category switch
    {
        MetricCategory.Software => "Software metrics",
        MetricCategory.Input => "Input metrics",
        MetricCategory.Output => "Output metrics",
        MetricCategory.Performance => "Model performance",
        MetricCategory.Custom => "Custom metrics",
        _ => "Unclassified — classify them in the catalogue",
    };

    // The feed calls from its own task; all state changes happen on the renderer's context.
    private Task OnSamplesAsync(IReadOnlyList<MonitorHub.Infrastructure.Ingestion.StoredSample> samples) => InvokeAsync(async () =>
    {
        foreach (var sample in samples)
        {
            if (!_latest.TryGetValue(sample.Metric, out var known) || sample.Timestamp >= known.T)
                _latest[sample.Metric] = new SeriesPoint(sample.Timestamp, sample.Value);
        }

        // Sparklines re-query at most every few seconds; the headline values move with every push.
        if (Clock.GetUtcNow() - _sparkLoadedAt > SparkRefresh && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            try { await LoadSparklinesAsync(samples.Select(s => s.Metric).Distinct()); }
            finally { _refreshing = 0; }
        }

        StateHasChanged();
    });

    private void OnCatalogueChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose()
    {
        _subscription?.Dispose();
        Catalogue.Changed -= OnCatalogueChanged;
        Alarms.Changed -= OnAlarmsChanged;
    }
}
