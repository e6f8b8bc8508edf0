using MonitorHub.Core.Demo;

namespace MonitorHub.Web.Features.Demo;

/// <summary>The demo's shadow run: v9's answers to the requests v8 answered live, same ids, role <c>shadow</c>
/// (labels posted for the ids join them too).</summary>
public sealed partial class DemoSimulator
{
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
