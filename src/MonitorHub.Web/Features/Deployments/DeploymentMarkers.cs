using System.Globalization;
using MonitorHub.Core.Deployments;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Web.Components.Layout;
using MonitorHub.Web.Features.Metrics;

namespace MonitorHub.Web.Features.Deployments;

/// <summary>
/// Deployment markers for a metric chart: every weight change and decision of the deployments that
/// judge the metric (it is one of their analysis metrics), inside the chart's range — so a latency
/// step on the chart can be read against "canary at 25 %" and "rolled back" at the same moment.
/// </summary>
public sealed class DeploymentMarkers(DeploymentStore store)
{
    /// <summary>At most this many deployments are drawn (the newest); more would hide the data.</summary>
    public const int MaxDeployments = 10;

    public async Task<(IReadOnlyList<MetricChart.Marker> Markers, IReadOnlyList<long> Deployments)> ForMetricAsync(
        string metric, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var judging = (await store.AllAsync(activeOnly: false, cancellationToken))
            .Where(d => d.Spec.Analysis.Metrics.Any(m => m.Name == metric) && d.CreatedAt <= to && d.UpdatedAt >= from)
            .OrderByDescending(d => d.Id).Take(MaxDeployments).ToList();
        var markers = new List<MetricChart.Marker>();
        foreach (var d in judging)
        {
            if (await store.GetAsync(d.Id, cancellationToken) is not { } detail) continue;
            markers.AddRange(Of(detail).Where(m => m.At >= from && m.At <= to));
        }

        return (markers, [.. judging.Select(d => d.Id)]);
    }

    /// <summary>One marker per decision: "#3 25 %" for a weight change, "#3 rolledBack" for a change of state
    /// ("#3 resumed" back to progressing). The start is left out: its first weight step follows in the same tick.</summary>
    public static IEnumerable<MetricChart.Marker> Of(DeploymentDetail detail)
    {
        var d = detail.Deployment;
        var id = "#" + d.Id.ToString(CultureInfo.InvariantCulture);
        var weight = 0;
        foreach (var decision in detail.Decisions)
        {
            var stateChanged = decision.From != decision.To;
            var weightChanged = decision.Weight != weight;
            weight = decision.Weight;
            if ((!stateChanged && !weightChanged) || decision.From == DeploymentState.Pending) continue;
            var label = !stateChanged ? $"{id} {decision.Weight} %"
                : decision.To == DeploymentState.Progressing ? $"{id} resumed" : $"{id} {DeploymentUi.Name(decision.To)}";
            yield return new MetricChart.Marker(decision.At, label,
                $"Deployment {id} ({d.Spec.Model} {d.Spec.Baseline} → {d.Spec.Candidate}): {decision.Reason} ({decision.Actor})",
                stateChanged ? DeploymentUi.ChartColor(decision.To) : MonitorHubTheme.Chart.Trend);
        }
    }
}
