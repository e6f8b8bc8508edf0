using System.Net.Http.Json;
using MonitorHub.Core.Demo;
using MonitorHub.Web.Features.Deployments;

namespace MonitorHub.Web.Features.Demo;

/// <summary>The demo's shadow run: v9's answers to the requests v8 answered live, same ids, role <c>shadow</c>
/// (labels posted for the ids join them too), and the shadow deployment that compares them.</summary>
public sealed partial class DemoSimulator
{
    /// <summary>Half-hour windows: long enough that the first one, over the back-filled log, holds enough paired
    /// (and labelled) requests to say something; live traffic fills later ones with thousands.</summary>
    private const int ShadowWindowSeconds = 1800;

    /// <summary>
    /// Creates the v8 → v9 shadow deployment unless an earlier start did, and asks for its analysis at once, so
    /// agreement, κ and McNemar show from the start (the controller runs it every window after that). It runs
    /// next to the v8 → v8.1 canary: a shadow takes no traffic. A day of comparison, then a person decides.
    /// </summary>
    private static async Task StartShadowAsync(HttpClient http, CancellationToken cancellationToken)
    {
        const string model = VoiceSearchPredictions.Model;
        var existing = await http.GetFromJsonAsync<DeploymentPageDto>($"/api/v1/deployments?model={model}&take=100", Json, cancellationToken);
        if (existing?.Items.Any(d => d.Strategy == "shadow" && d.Candidate == VoiceSearchShadow.ShadowVersion) == true) return;
        var created = await CreateAsync(http, "/api/v1/deployments", new
        {
            model, strategy = "shadow", baseline = VoiceSearchShadow.LiveVersion, candidate = VoiceSearchShadow.ShadowVersion,
            steps = new object[] { new { pause = new { seconds = 86400 } }, new { approval = new { } } },
            analysis = new { minSamplesPerArm = 50, windowSeconds = ShadowWindowSeconds, inconclusiveLimit = 3 },
        }, cancellationToken);
        if (created is not { } d) return;
        using var _ = await http.PostAsync($"/api/v1/deployments/{d.GetProperty("id").GetInt64()}/analyze", null, cancellationToken);
    }

    private static async Task LogShadowAsync(HttpClient http, VoiceSearchPredictions model, IReadOnlyList<DemoPrediction> live, CancellationToken cancellationToken)
    {
        var shadow = live.Select(p => (Live: p, Answer: VoiceSearchShadow.Answer(model, p))).Where(p => p.Answer is not null).ToList();
        if (shadow.Count == 0) return;
        var body = new
        {
            predictions = shadow.Select(p => new
            {
                id = p.Live.Id, model = VoiceSearchPredictions.Model, version = VoiceSearchShadow.ShadowVersion, role = "shadow", timestamp = p.Live.Timestamp.UtcDateTime,
                features = new Dictionary<string, object?>
                {
                    ["input_volume_dbfs"] = p.Live.InputVolumeDbfs, ["utterance_s"] = p.Live.UtteranceSeconds, ["device"] = p.Live.Device, ["locale"] = p.Live.Locale,
                },
                output = p.Answer, score = p.Live.Score,
            }),
        };
        await PostAsync(http, "/api/v1/predictions", body, cancellationToken);
    }
}
