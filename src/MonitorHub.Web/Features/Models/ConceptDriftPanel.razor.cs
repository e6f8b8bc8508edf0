using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Components;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Features.Drift;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Models;

public sealed partial class ConceptDriftPanel
{
    [Inject] private PredictionReader Predictions { get; set; } = default!;
    [Inject] private DetectorService Detectors { get; set; } = default!;
    [Inject] private AlarmStore Alarms { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public string Model { get; set; } = "";
    [Parameter] public bool CanEdit { get; set; }

    /// <summary>The model's feature names, as the page already read them.</summary>
    [Parameter] public IReadOnlyList<string> Features { get; set; } = [];

    private int _days = 1;
    private PerformanceBucket? _summary;
    private IReadOnlyList<TimeChart.Line> _lines = [];
    private IReadOnlyList<TimeChart.Marker> _markers = [];
    private IReadOnlyList<DetectorView> _detectors = [];
    private string _yTitle = "";
    private DetectorKind _kind = DetectorKind.Adwin;
    private string? _feature;
    private double? _threshold;
    private (double, double)? _yRange;

    protected override Task OnInitializedAsync() => LoadAsync();

    private Task RangeAsync(int days)
    {
        _days = days;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        var to = Clock.GetUtcNow();
        var from = to.AddDays(-_days);
        var step = _days == 1 ? 1800 : 4 * 3600;
        var buckets = await Predictions.PerformanceAsync(Model, from, to, step);
        _summary = await Predictions.SummaryAsync(Model, from, to);
        var regression = buckets.Any(b => b.Mae is not null) && buckets.All(b => b.Accuracy is null);
        _yTitle = regression ? "error (label units)" : "share of labelled predictions";
        _yRange = regression ? null : (0, 1);
        _lines = regression
            ? [Line("MAE", buckets, b => b.Mae, MonitorHubTheme.Chart.Alert), Line("RMSE", buckets, b => b.Rmse, MonitorHubTheme.Chart.Warning), Line("labelled fraction", buckets, b => b.LabelledFraction, MonitorHubTheme.Chart.Muted, true)]
            : [Line("accuracy", buckets, b => b.Accuracy, MonitorHubTheme.Chart.Ok), Line("error rate", buckets, b => b.ErrorRate, MonitorHubTheme.Chart.Alert), Line("labelled fraction", buckets, b => b.LabelledFraction, MonitorHubTheme.Chart.Muted, true)];
        _detectors = await Detectors.ListAsync(Model);
        var events = await Detectors.EventsAsync([.. _detectors.Select(d => d.Definition.Id)], from);
        var names = _detectors.ToDictionary(d => d.Definition.Id, d => d.Definition);
        _markers = [.. events.Select(e => new TimeChart.Marker(e.At, e.Kind == "warning" ? "detector warning" : $"{names[e.DetectorId].Kind} detection", e.Kind == "warning" ? MonitorHubTheme.Chart.Warning : MonitorHubTheme.Chart.Detection))];
    }

    private static TimeChart.Line Line(string name, IReadOnlyList<PerformanceBucket> buckets, Func<PerformanceBucket, double?> value, string color, bool second = false) =>
        new(name, [.. buckets.Select(b => (b.Start, value(b)))], color, Markers: true, SecondAxis: second);

    private async Task AddDdmAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        var result = await Detectors.CreateAsync(new DetectorDefinition { Name = $"{Model} errors", Kind = DetectorKind.Ddm, Source = DetectorSource.Errors, Model = Model }, user.ActorName());
        if (result.Value is null) Snackbar.Add(string.Join(" ", result.Issues.Select(i => i.Reason)), Severity.Error);
        else Snackbar.Add("DDM now reads this model's labelled errors as they arrive.", Severity.Success);
        await LoadAsync();
    }

    private async Task AddFeatureDetectorAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        var definition = new DetectorDefinition
        {
            Name = $"{Model} {_feature} ({(_kind == DetectorKind.Adwin ? "ADWIN" : "Page–Hinkley")})", Kind = _kind, Source = DetectorSource.Feature,
            Model = Model, Feature = _feature, Threshold = _kind == DetectorKind.PageHinkley ? _threshold : null,
        };
        var result = await Detectors.CreateAsync(definition, user.ActorName());
        if (result.Value is null) Snackbar.Add(string.Join(" ", result.Issues.Select(i => i.Reason)), Severity.Error);
        else Snackbar.Add($"{definition.Name} reads new predictions from now on.", Severity.Success);
        await LoadAsync();
    }

    private async Task AlarmAsync(DetectorDefinition detector)
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        var saved = await Alarms.SaveRuleAsync(null, DriftAlarms.ForDetector(detector, null), user.ActorName(), $"Created from detector '{detector.Name}'");
        if (saved.IsOk) Navigation.NavigateTo(Urls.Rule(saved.Value.Id));
        else Snackbar.Add(string.Join(" ", saved.Issues.Select(i => i.Reason)), Severity.Error);
    }

    private static string Percent(double? v) => v is { } x ? (x * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Delay(double? seconds) => seconds switch
    {
        null => "—",
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0.#} min",
        _ => $"{seconds / 3600:0.#} h",
    };
}
