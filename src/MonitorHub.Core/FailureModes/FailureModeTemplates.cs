using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.FailureModes;

/// <summary>A metric a template proposes, with the seed's family and why it would show the failure.</summary>
public sealed record SuggestedMetric(string Key, MetricCategory Category, string Why);

public sealed record FailureModeTemplate(string Id, string Title, string Description, int Likelihood, int Impact, IReadOnlyList<SuggestedMetric> Metrics);

/// <summary>
/// The seed's speech-recognition examples of what goes wrong, each with metrics from its software /
/// input / output lists. Keys follow the demo's naming, so on the demo they link to live metrics;
/// elsewhere they are names to look for in the catalogue.
/// </summary>
public static class FailureModeTemplates
{
    public static readonly IReadOnlyList<FailureModeTemplate> All =
    [
        new("users-speak-faster", "Users speak faster",
            "Utterances get shorter and denser than the data the model was trained on (data drift in the input), so recognition degrades.", 3, 3,
            [
                new("input.avg_length_s", MetricCategory.Input, "Average input length falls when people speak faster."),
                new("output.redo_search_rate", MetricCategory.Output, "Users repeat searches the model got wrong."),
                new("output.null_rate", MetricCategory.Output, "More empty transcripts on audio the model cannot follow."),
            ]),
        new("firmware-clips-audio", "New microphone firmware clips audio",
            "A device firmware update changes gain so input audio is quieter or clipped; the model sees inputs unlike its training data.", 3, 4,
            [
                new("input.volume_dbfs", MetricCategory.Input, "Input volume shifts right after the update."),
                new("output.null_rate", MetricCategory.Output, "Clipped audio yields empty transcripts."),
                new("output.switch_to_typing_rate", MetricCategory.Output, "Users give up on voice and type."),
            ]),
        new("server-overload", "Server overload",
            "Traffic exceeds what the recognition servers can serve; latency climbs and requests time out.", 3, 4,
            [
                new("asr.server_load", MetricCategory.Software, "Load average rises before latency does."),
                new("asr.latency_ms", MetricCategory.Software, "Latency is what users feel (p95 against the target)."),
                new("asr.cpu_pct", MetricCategory.Software, "CPU saturates."),
                new("asr.throughput_qps", MetricCategory.Software, "Served throughput plateaus while demand grows."),
            ]),
        new("upstream-vad-change", "Upstream VAD change",
            "A new voice-activity detector cuts audio differently; speech recognition downstream receives clipped or padded segments.", 2, 4,
            [
                new("input.avg_length_s", MetricCategory.Input, "Segment length changes with the VAD's cut points."),
                new("output.null_rate", MetricCategory.Output, "Segments without speech give empty transcripts."),
                new("output.redo_search_rate", MetricCategory.Output, "Half-cut queries make users search again."),
            ]),
        new("memory-leak", "Memory leak in the serving process",
            "Resident memory grows until the process is killed, dropping requests.", 2, 3,
            [
                new("asr.memory_mb", MetricCategory.Software, "Memory climbs steadily between restarts."),
                new("asr.latency_ms", MetricCategory.Software, "Latency spikes during garbage collection and restarts."),
            ]),
        new("missing-input-fields", "Clients stop sending a field",
            "A client release drops a field (device, locale); the model falls back to defaults.", 3, 2,
            [
                new("input.missing_fraction", MetricCategory.Input, "The share of requests with a missing field jumps."),
            ]),
        new("users-abandon-voice", "Users lose trust in voice search",
            "Quality drops slowly (concept drift: what users mean by a query changes) and users abandon the feature.", 2, 5,
            [
                new("output.switch_to_typing_rate", MetricCategory.Output, "Users switch to typing."),
                new("output.click_through_rate", MetricCategory.Output, "Fewer results are clicked."),
                new("output.redo_search_rate", MetricCategory.Output, "More repeated searches."),
            ]),
    ];

    public static FailureModeTemplate? Find(string id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));
}
