using MonitorHub.Core.FailureModes;

namespace MonitorHub.Core.Demo;

/// <summary>
/// A failure mode the demo brainstorms from a template: the component it starts in, the demo rules
/// (by the metric they watch) that would alarm on it, and whether the team calls it covered.
/// </summary>
public sealed record DemoFailureMode(string Template, string Component, IReadOnlyList<string> RuleMetrics, FailureModeStatus Status);

/// <summary>
/// What a team would have written down for the Voice-search system: four failure modes from the
/// templates and the software-engineering checklist. Chosen so the coverage page has something to
/// say: two modes are covered by the demo's rules, one has a rule on latency but none on capacity,
/// and one — users speaking faster — is measured but has no rule at all (the gap).
/// </summary>
public static class VoiceSearchBrainstorm
{
    public static readonly IReadOnlyList<DemoFailureMode> FailureModes =
    [
        new("firmware-clips-audio", "Audio capture", ["input.volume_dbfs"], FailureModeStatus.Covered),
        new("upstream-vad-change", "Voice activity detection", ["output.null_rate"], FailureModeStatus.Covered),
        new("server-overload", "Speech recognition", ["asr.latency_ms"], FailureModeStatus.Brainstormed),
        new("users-speak-faster", "Speech recognition", [], FailureModeStatus.Brainstormed),
    ];

    /// <summary>Latency and capacity targets the demo's signals respect in normal traffic (p95 ≈ 250 ms,
    /// peak ≈ 700 QPS), so the checklist's suggested rules fire only on the scripted spikes.</summary>
    public static readonly SystemChecklist Checklist = new()
    {
        Mode = ServingMode.Realtime,
        Deployment = DeploymentTarget.Cloud,
        CpuCores = 16,
        Gpu = "1× T4 per ASR host",
        MemoryGb = 8,
        LatencyP95Ms = 800,
        LatencyMetric = "asr.latency_ms",
        ThroughputQps = 1000,
        ThroughputMetric = "asr.throughput_qps",
        CpuMetric = "asr.cpu_pct",
        LoggedData = "Per request: input volume, utterance length, device, locale, predicted intent, score and latency " +
                     "(model 'asr'); no audio and no transcript. Delayed labels from search clicks.",
        LogSamplingRate = 1.0,
        LogRetentionDays = 30,
        Sensitivity = DataSensitivity.Confidential,
        Automation = AutomationDegree.AiAssistance,
        Notes = "Voice queries may contain personal data: keep audio out of the logs.",
    };
}
