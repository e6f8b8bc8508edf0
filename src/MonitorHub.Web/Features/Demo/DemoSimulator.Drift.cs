using System.Net.Http.Json;
using System.Text.Json;
using MonitorHub.Core.Demo;

namespace MonitorHub.Web.Features.Demo;

/// <summary>The demo's drift set-up: a reference, a monitor with its alarm, and two detectors that replay the day.</summary>
public sealed partial class DemoSimulator
{
    /// <summary>
    /// On the first start: the reference is the day before the firmware update; the monitor compares
    /// the last three hours with it every 5 minutes (any drifted feature counts as dataset drift here,
    /// since only the input volume is scripted to move) and backs an alarm rule. Three hours hold ~430
    /// predictions: with one hour (~145) the sampling noise of a five-category column's Jensen-Shannon
    /// distance reached the 0.1 threshold in about one start in a hundred, flagging an unchanged locale. DDM reads the labelled errors
    /// and ADWIN the input volume, both replaying the last 24 hours, so the concept change and the
    /// gradual volume drift show up as detector events at once.
    /// </summary>
    private static async Task SetUpDriftAsync(HttpClient http, VoiceSearchScenario scenario, CancellationToken cancellationToken)
    {
        const string model = VoiceSearchPredictions.Model;
        var monitors = await http.GetFromJsonAsync<List<JsonElement>>($"/api/v1/drift/monitors?model={model}", Json, cancellationToken) ?? [];
        if (monitors.Count > 0) return;

        var reference = await CreateAsync(http, $"/api/v1/models/{model}/references",
            new { name = "the day before the firmware update", from = scenario.Anchor.AddHours(-24), to = scenario.FirmwareUpdate }, cancellationToken);
        if (reference is null) return;
        var monitor = await CreateAsync(http, "/api/v1/drift/monitors", new
        {
            name = "asr inputs", model, referenceId = reference.Value.GetProperty("id").GetInt32(), window = new { minutes = 180 }, intervalMinutes = 5, driftShare = 0.25,
        }, cancellationToken);
        if (monitor is { } m)
        {
            var id = m.GetProperty("id").GetInt32();
            await PostAsync(http, $"/api/v1/drift/monitors/{id}/alarm", new { severity = "warning" }, cancellationToken);
            await PostAsync(http, $"/api/v1/drift/monitors/{id}/run", new { }, cancellationToken);
        }

        var since = scenario.Anchor.AddHours(-24);
        var ddm = await CreateAsync(http, "/api/v1/drift/detectors", new { name = "asr errors", kind = "ddm", source = "errors", model, startFrom = since }, cancellationToken);
        var adwin = await CreateAsync(http, "/api/v1/drift/detectors",
            new { name = "input volume", kind = "adwin", source = "feature", model, feature = "input_volume_dbfs", startFrom = since }, cancellationToken);
        foreach (var detector in new[] { ddm, adwin }.OfType<JsonElement>())
        {
            await PostAsync(http, $"/api/v1/drift/detectors/{detector.GetProperty("id").GetInt32()}/run", new { }, cancellationToken);
        }

        if (ddm is { } d) await PostAsync(http, $"/api/v1/drift/detectors/{d.GetProperty("id").GetInt32()}/alarm", new { severity = "warning" }, cancellationToken);
    }

    private static async Task<JsonElement?> CreateAsync<T>(HttpClient http, string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken) : null;
    }
}
