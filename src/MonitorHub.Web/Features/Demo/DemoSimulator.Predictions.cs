using System.Net.Http.Json;
using MonitorHub.Core.Demo;
using MonitorHub.Core.Drift.Predictions;

namespace MonitorHub.Web.Features.Demo;

/// <summary>
/// The demo's prediction log for model <c>asr</c>: a back-fill of the last day, a few predictions
/// per live tick, and their labels posted once each label's (simulated) delay has passed.
/// </summary>
public sealed partial class DemoSimulator
{
    public const int LivePredictionsPerTick = 3;

    /// <summary>Sparser than live traffic: ~3 500 back-filled predictions are enough for hourly accuracy.</summary>
    public static readonly TimeSpan PredictionBackfillInterval = TimeSpan.FromSeconds(25);

    /// <summary>Well under the API's 10 000 per batch and its 8 MiB body limit.</summary>
    private const int PredictionBatch = 2_000;

    /// <summary>The live run's state: the model and the labels whose time has not come yet.</summary>
    private sealed class PredictionLog(VoiceSearchPredictions model)
    {
        private readonly List<DemoLabel> _pending = [];

        public VoiceSearchPredictions Model { get; } = model;

        public void Add(IEnumerable<DemoLabel> labels) => _pending.AddRange(labels);

        public List<DemoLabel> TakeDue(DateTimeOffset now)
        {
            var due = _pending.Where(l => l.ArrivesAt <= now).ToList();
            _pending.RemoveAll(l => l.ArrivesAt <= now);
            return due;
        }
    }

    /// <summary>Assigns the model to the system before its first prediction, so its derived metrics
    /// land there; a model a team already assigned is left alone.</summary>
    private static async Task RegisterModelAsync(HttpClient http, Pipelines.SystemDto? system, CancellationToken cancellationToken)
    {
        if (system is null) return;
        if (await ModelAsync(http, cancellationToken) is { SystemId: not null }) return;
        var update = new ModelUpdate(system.Id, 1.0, PredictionLimits.DefaultRetentionDays);
        using var _ = await http.PutAsJsonAsync($"/api/v1/models/{VoiceSearchPredictions.Model}", update, Json, cancellationToken);
    }

    private static async Task<Models.ModelDto?> ModelAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/v1/models/{VoiceSearchPredictions.Model}", cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        return (await response.Content.ReadFromJsonAsync<Models.ModelSummaryDto>(Json, cancellationToken))?.Model;
    }

    /// <summary>
    /// Logs the missing part of the last 24 h (since the model was last seen) and posts the labels
    /// that would have arrived by now. The server stamps a label's arrival with its own clock, so
    /// these labels show delays of up to a day instead of minutes; only live labels have realistic
    /// delays. Their correctness is still charted at prediction time, which is what the demo shows.
    /// </summary>
    private async Task<int> BackfillPredictionsAsync(HttpClient http, PredictionLog log, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var start = now - TimeSpan.FromHours(24);
        if ((await ModelAsync(http, cancellationToken))?.LastSeenAt is { } seen && new DateTimeOffset(DateTime.SpecifyKind(seen, DateTimeKind.Utc)) is var last && last > start)
            start = last;

        var batch = new List<DemoPrediction>();
        var total = 0;
        for (var t = start; t < now; t += PredictionBackfillInterval)
        {
            batch.Add(log.Model.At(t));
            if (batch.Count < PredictionBatch) continue;
            total += await LogAsync(http, log, batch, cancellationToken);
            batch.Clear();
        }

        if (batch.Count > 0) total += await LogAsync(http, log, batch, cancellationToken);
        await PostLabelsAsync(http, log.TakeDue(now), cancellationToken);
        return total;
    }

    /// <summary>One tick's predictions, spread over the tick, then every label that is due.</summary>
    private static async Task LogLiveAsync(HttpClient http, PredictionLog log, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var predictions = Enumerable.Range(0, LivePredictionsPerTick)
            .Select(i => log.Model.At(now - LiveInterval * i / LivePredictionsPerTick, i)).ToList();
        await LogAsync(http, log, predictions, cancellationToken);
        await PostLabelsAsync(http, log.TakeDue(now), cancellationToken);
    }

    /// <summary>Posts predictions; only stored ones get labels queued (a label for an unknown id would be wasted).</summary>
    private static async Task<int> LogAsync(HttpClient http, PredictionLog log, IReadOnlyList<DemoPrediction> predictions, CancellationToken cancellationToken)
    {
        var body = new
        {
            predictions = predictions.Select(p => new
            {
                id = p.Id, model = VoiceSearchPredictions.Model, version = p.Version, timestamp = p.Timestamp.UtcDateTime,
                features = new Dictionary<string, object?>
                {
                    ["input_volume_dbfs"] = p.InputVolumeDbfs, ["utterance_s"] = p.UtteranceSeconds, ["device"] = p.Device, ["locale"] = p.Locale,
                },
                output = p.Intent, score = p.Score, latencyMs = p.LatencyMs,
            }),
        };
        if (!await PostAsync(http, "/api/v1/predictions", body, cancellationToken)) return 0;
        await LogShadowAsync(http, log.Model, predictions, cancellationToken);
        log.Add(predictions.Select(log.Model.LabelFor).OfType<DemoLabel>());
        return predictions.Count;
    }

    private static async Task PostLabelsAsync(HttpClient http, IReadOnlyList<DemoLabel> labels, CancellationToken cancellationToken)
    {
        foreach (var chunk in labels.Chunk(PredictionBatch))
        {
            var body = new { labels = chunk.Select(l => new { predictionId = l.PredictionId, model = VoiceSearchPredictions.Model, label = l.Intent }) };
            await PostAsync(http, "/api/v1/labels", body, cancellationToken);
        }
    }
}
