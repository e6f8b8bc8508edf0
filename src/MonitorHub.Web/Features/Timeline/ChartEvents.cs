using MonitorHub.Core.Metrics;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Timeline;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Features.Metrics;

namespace MonitorHub.Web.Features.Timeline;

/// <summary>
/// The timeline as markers on a metric chart: what happened in the metric's system inside the chart's
/// range (alarms, rule and definition edits, silences, automation changes, drift verdicts, detections),
/// so a step in the line can be read against "threshold 450 → 500" or "drift found" at the same moment.
/// The whole system, not only the metric's component: a change upstream is what moves a metric downstream.
/// </summary>
public sealed class ChartEvents(TimelineService timeline)
{
    /// <summary>The newest this many are drawn; more would hide the data.</summary>
    public const int MaxMarkers = 60;

    /// <summary>Notifications repeat their alarm; deployments are drawn by <c>DeploymentMarkers</c> with
    /// their weights; access changes say nothing about a metric.</summary>
    public static readonly IReadOnlySet<string> Kinds = TimelineKinds.All
        .Except([TimelineKinds.Notification, TimelineKinds.Deployment, TimelineKinds.Access], StringComparer.Ordinal)
        .ToHashSet(StringComparer.Ordinal);

    /// <returns>The markers, and whether older events in the range were left out.</returns>
    public async Task<(IReadOnlyList<MetricChart.Marker> Markers, bool Truncated)> ForMetricAsync(
        MetricDefinition definition, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // A metric outside any system: its own history (definition edits, its rules' alarms and edits).
        var query = definition.SystemId is { } system
            ? new TimelineQuery(from, to, SystemId: system, Kinds: Kinds, Limit: MaxMarkers)
            : new TimelineQuery(from, to, Kinds: Kinds, Limit: MaxMarkers, Metric: definition.Key);
        var page = await timeline.PageAsync(query, cancellationToken);
        if (!page.IsOk) return ([], false);
        return ([.. page.Value.Events.Select(Of)], page.Value.Next is not null);
    }

    public static MetricChart.Marker Of(TimelineEvent e) =>
        // A glyph, not a word, above the plot: dozens of events would overprint words; hover tells the story.
        new(e.Time, "◆", $"{EventUi.Label(e.Kind)} · {e.Subject}: {e.Summary}" + (e.Actor.Length > 0 ? $" ({e.Actor})" : ""), ChartColor(e.Kind), "dot");

    public static string ChartColor(string kind) => kind switch
    {
        TimelineKinds.Alarm => MonitorHubTheme.Chart.Alert,
        TimelineKinds.Drift or TimelineKinds.Detector => MonitorHubTheme.Chart.Detection,
        TimelineKinds.Silence or TimelineKinds.Automation => MonitorHubTheme.Chart.Warning,
        _ => MonitorHubTheme.Chart.Muted,
    };
}
