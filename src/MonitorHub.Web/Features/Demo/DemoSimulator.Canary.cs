using System.Net.Http.Json;
using MonitorHub.Core.Demo;
using MonitorHub.Web.Features.Deployments;

namespace MonitorHub.Web.Features.Demo;

/// <summary>
/// The demo's canary: asr v8.1 against v8 on a growing share of requests. The simulator plays the
/// gateway — each tick it reads the deployment's weight and sends that share of its requests to v8.1,
/// logging each request's latency tagged with version and device — and the real controller does the
/// rest: it judges the arms per device, finds v8.1 slower on Pixels only, and rolls back by itself.
/// </summary>
public sealed partial class DemoSimulator
{
    /// <summary>The canary being played, or nothing left to play once it has finished.</summary>
    private sealed class CanaryRun(VoiceSearchCanary traffic, long id)
    {
        public bool Finished { get; set; }

        public VoiceSearchCanary Traffic { get; } = traffic;

        public long Id { get; } = id;
    }

    /// <summary>
    /// Registers both versions and creates the canary unless an earlier start did (then that one is
    /// followed). The analysis window is one minute and three inconclusive windows are tolerated, so the
    /// first run — before v8.1 has served anyone — pauses nothing, and the rollback comes about a minute
    /// after the weight is set.
    /// </summary>
    private static async Task<CanaryRun?> StartCanaryAsync(HttpClient http, VoiceSearchScenario scenario, Pipelines.SystemDto? system, CancellationToken cancellationToken)
    {
        const string model = VoiceSearchCanary.Model;
        foreach (var (version, description) in new[] { (VoiceSearchCanary.Baseline, "Conformer, twice the training data."), (VoiceSearchCanary.Candidate, "v8 with a quantised decoder.") })
        {
            // 409 when it is already registered (by its predictions or an earlier start).
            using var _ = await http.PostAsJsonAsync($"/api/v1/models/{model}/versions", new { version, description }, Json, cancellationToken);
        }

        var traffic = new VoiceSearchCanary(scenario);
        var existing = await http.GetFromJsonAsync<DeploymentPageDto>($"/api/v1/deployments?model={model}&take=100", Json, cancellationToken);
        if (existing?.Items.FirstOrDefault(d => d.Candidate == VoiceSearchCanary.Candidate) is { } earlier)
            return new CanaryRun(traffic, earlier.Id) { Finished = earlier.State is "succeeded" or "aborted" or "rolledBack" };

        // A first tick of baseline traffic creates the metric, so it can be classified before the rollout starts.
        await PushAsync(http, [.. traffic.RequestsAt(scenario.Anchor, LiveInterval, 0)], cancellationToken);
        if (system is not null)
        {
            var update = new Metrics.MetricDefinitionRequest("Request latency (canary)", Core.Metrics.MetricCategory.Software, "ms",
                "Latency of each request, tagged with the model version that answered it and the user's device.", system.Id,
                system.Components.FirstOrDefault(c => c.Name == "Speech recognition")?.Id, "ml-platform", "Classified by the demo simulator.");
            using var _ = await http.PutAsJsonAsync($"/api/v1/metrics/{VoiceSearchCanary.Metric}", update, Json, cancellationToken);
        }

        var created = await CreateAsync(http, "/api/v1/deployments", new
        {
            model, strategy = "canary", baseline = VoiceSearchCanary.Baseline, candidate = VoiceSearchCanary.Candidate,
            steps = new object[]
            {
                new { setWeight = 25 }, new { pause = new { seconds = 120 } }, new { analysis = new { count = 3, intervalSeconds = 30 } }, new { setWeight = 50 },
                new { approval = new { } },
            },
            analysis = new
            {
                metrics = new[] { new { name = VoiceSearchCanary.Metric, kind = "samples", direction = "increase", allowedIncrease = VoiceSearchCanary.AllowedIncrease, critical = true } },
                slices = new[] { VoiceSearchCanary.Slice }, minSamplesPerArm = 50, windowSeconds = 60, inconclusiveLimit = 3,
            },
        }, cancellationToken);
        return created is { } d ? new CanaryRun(traffic, d.GetProperty("id").GetInt64()) : null;
    }

    /// <summary>One tick of requests at the deployment's current weight; nothing once it has finished.</summary>
    private static async Task PlayCanaryAsync(HttpClient http, CanaryRun? canary, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (canary is null || canary.Finished) return;
        // A failed read skips this tick's requests rather than stopping the whole demo.
        using var response = await http.GetAsync($"/api/v1/deployments/{canary.Id}", cancellationToken);
        if (!response.IsSuccessStatusCode) return;
        var deployment = await response.Content.ReadFromJsonAsync<DeploymentDto>(Json, cancellationToken);
        if (deployment is null || deployment.State is "succeeded" or "aborted" or "rolledBack")
        {
            canary.Finished = true;
            return;
        }

        await PushAsync(http, [.. canary.Traffic.RequestsAt(now, LiveInterval, deployment.Weight)], cancellationToken);
    }
}
