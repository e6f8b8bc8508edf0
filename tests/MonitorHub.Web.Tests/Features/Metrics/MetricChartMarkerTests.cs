using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Deployments;
using MonitorHub.Web.Features.Metrics;

namespace MonitorHub.Web.Tests.Features.Metrics;

/// <summary>Deployment decisions drawn on a metric chart: Plotly's module is faked and what it is sent is read back.</summary>
public sealed class MetricChartMarkerTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static DeploymentDetail Detail()
    {
        var spec = new DeploymentSpec("asr", DeploymentStrategy.Canary, "v8", "v8.1", [DeploymentStep.SetWeight(25)],
            new AnalysisSpec([new AnalysisMetricSpec("asr.latency_ms")], ["device"]));
        var deployment = new Deployment(3, spec, 1, DeploymentState.RolledBack, 0, 1, At, 0, At, "eddie", At.AddMinutes(3));
        return new DeploymentDetail(deployment,
        [
            new(At, DeploymentState.Pending, DeploymentState.Progressing, 0, 0, "controller", "Rollout started."),
            new(At, DeploymentState.Progressing, DeploymentState.Progressing, 25, 1, "controller", "Step 0: weight set to 25 %."),
            new(At.AddMinutes(2), DeploymentState.Progressing, DeploymentState.RolledBack, 0, 1, "analysis", "Analysis run #2 failed: device=pixel high"),
        ], []);
    }

    [Fact]
    public void Markers_AreOneForEachWeightChangeAndDecision_NamingTheDeployment()
    {
        var markers = DeploymentMarkers.Of(Detail()).ToList();

        // "Rollout started" changes neither the weight nor anything a chart reader needs apart from the 25 % step.
        Assert.Equal(["#3 25 %", "#3 rolledBack"], markers.Select(m => m.Label));
        Assert.Equal(At.AddMinutes(2), markers[1].At);
        Assert.Contains("Analysis run #2 failed", markers[1].Hover);
        Assert.Contains("asr v8 → v8.1", markers[1].Hover);
    }

    [Fact]
    public async Task MetricChart_DrawsDeploymentMarkersAsDashedLinesWithLabels()
    {
        var plotly = JSInterop.SetupModule("./_content/Plotly.Blazor/plotly-interop-7.2.0.js");
        plotly.Mode = JSRuntimeMode.Loose;
        var time = Services.GetRequiredService<BrowserTimeProvider>();
        var chart = Render<MetricChart>(p => p.Add(c => c.Id, "chart-asr"));
        await chart.InvokeAsync(() => time.SetBrowserTimeZone("UTC"));
        var definition = new MetricDefinition("asr.latency_ms", "Latency", MetricCategory.Software, "ms", "", null, null, "");
        var plan = new SeriesQueryPlan(At.AddHours(-1), At.AddHours(1), 60, false);
        var result = new SeriesQueryResult("asr.latency_ms", Aggregation.Mean, plan, [new SeriesResult(TagSet.Empty, [new SeriesPoint(At, 200)])]);

        await chart.InvokeAsync(() => chart.Instance.ShowAsync(result, definition, Aggregation.Mean, [], [.. DeploymentMarkers.Of(Detail())]));

        var sent = JsonSerializer.Serialize(plotly.Invocations["react"].Last().Arguments, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
        using var json = JsonDocument.Parse(sent);
        var layout = json.RootElement.EnumerateArray().First(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("shapes", out _) || a.ValueKind == JsonValueKind.Object && a.TryGetProperty("Shapes", out _));
        var shapes = layout.TryGetProperty("shapes", out var s) ? s : layout.GetProperty("Shapes");
        var annotations = layout.TryGetProperty("annotations", out var a) ? a : layout.GetProperty("Annotations");
        Assert.Equal(2, shapes.GetArrayLength());
        Assert.All(shapes.EnumerateArray(), shape => Assert.Contains("dash", shape.ToString(), StringComparison.Ordinal));
        Assert.Contains("2026-11-30 09:02:00.000", shapes[1].ToString(), StringComparison.Ordinal);
        Assert.Equal(["#3 25 %", "#3 rolledBack"], annotations.EnumerateArray().Select(x => (x.TryGetProperty("text", out var t) ? t : x.GetProperty("Text")).GetString()));
    }
}
