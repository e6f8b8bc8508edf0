using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Demo;

/// <summary>A metric the demo publishes, with its catalogue entry and its signal.</summary>
public sealed record DemoMetric(
    string Key, string DisplayName, MetricCategory Category, string Unit, string Description, string Component,
    Func<VoiceSearchScenario, DateTimeOffset, double> Signal);

/// <summary>
/// The seed's speech-recognition example as a deterministic signal model: daily seasonality,
/// noise, and three scripted incidents placed relative to <see cref="Anchor"/> (the moment the demo
/// first started) so a newcomer finds them in the back-filled day and one arrives live:
/// a latency spike, a gradual input-volume shift after a "microphone firmware update" and a sudden
/// jump in null transcripts after an upstream VAD change.
/// </summary>
public sealed class VoiceSearchScenario(DateTimeOffset anchor)
{
    public const string SystemName = "Voice search";
    public const string SystemDescription = "Speech-to-search: audio is trimmed by voice activity detection, transcribed, then searched.";

    public static readonly IReadOnlyList<(string Name, string Description)> Components =
    [
        ("Audio capture", "Microphone input on the user's device."),
        ("Voice activity detection", "Trims silence before recognition (VAD)."),
        ("Speech recognition", "The ASR model turning audio into a transcript."),
        ("Search", "Runs the transcript as a query and ranks results."),
    ];

    public static readonly IReadOnlyList<string> ModelVersions = ["v7", "v8"];

    /// <summary>The metric whose newest sample tells how far a previous run got.</summary>
    public const string ProbeMetric = "asr.cpu_pct";

    public DateTimeOffset Anchor { get; } = anchor;

    /// <summary>The firmware update after which input volume slowly sinks.</summary>
    public DateTimeOffset FirmwareUpdate => Anchor - TimeSpan.FromHours(8);

    /// <summary>An upstream VAD change makes null transcripts jump, until it is rolled back.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) NullOutputIncident => (Anchor - TimeSpan.FromMinutes(90), Anchor + TimeSpan.FromMinutes(15));

    public IReadOnlyList<DemoMetric> Metrics { get; } =
    [
        new("asr.memory_mb", "Memory", MetricCategory.Software, "MB", "Resident memory of the ASR server.", "Speech recognition",
            static (s, t) => 2300 + 180 * s.Daily(t) + 25 * s.Noise("mem", t)),
        new("asr.cpu_pct", "CPU", MetricCategory.Software, "%", "CPU utilisation of the ASR server.", "Speech recognition",
            static (s, t) => Math.Clamp(38 + 22 * s.Daily(t) + 4 * s.Noise("cpu", t) + 30 * s.LatencySpike(t), 0, 100)),
        new("asr.latency_ms", "Latency", MetricCategory.Software, "ms", "Time from end of speech to transcript.", "Speech recognition",
            static (s, t) => 180 + 35 * s.Daily(t) + 18 * s.Noise("lat", t) + 650 * s.LatencySpike(t)),
        new("asr.throughput_qps", "Throughput", MetricCategory.Software, "QPS", "Recognition requests served per second.", "Speech recognition",
            static (s, t) => Math.Max(0, 420 + 260 * s.Daily(t) + 20 * s.Noise("qps", t))),
        new("asr.server_load", "Server load", MetricCategory.Software, "load avg", "1-minute load average of the ASR hosts.", "Speech recognition",
            static (s, t) => Math.Max(0, 3.2 + 1.8 * s.Daily(t) + 0.3 * s.Noise("load", t) + 5 * s.LatencySpike(t))),
        new("input.avg_length_s", "Average input length", MetricCategory.Input, "s", "Mean length of an utterance after VAD.", "Voice activity detection",
            static (s, t) => 3.1 + 0.2 * s.Daily(t) + 0.15 * s.Noise("len", t) - 0.9 * s.NullIncident(t)),
        new("input.volume_dbfs", "Input volume", MetricCategory.Input, "dBFS", "Mean input loudness; sinks after the firmware update.", "Audio capture",
            static (s, t) => -21 + 0.8 * s.Noise("vol", t) - 7 * s.FirmwareShift(t)),
        new("input.missing_fraction", "Missing input values", MetricCategory.Input, "%", "Share of requests with a missing field (device, locale).", "Audio capture",
            static (s, t) => Math.Max(0, 1.2 + 0.3 * s.Noise("miss", t) + 1.5 * s.FirmwareShift(t))),
        new("output.null_rate", "Null transcripts", MetricCategory.Output, "%", "How often the recogniser returns an empty transcript.", "Speech recognition",
            static (s, t) => Math.Max(0, 2.1 + 0.4 * s.Noise("null", t) + 7.5 * s.NullIncident(t))),
        new("output.redo_search_rate", "Redo-search rate", MetricCategory.Output, "%", "How often a user repeats a search within 10 s.", "Search",
            static (s, t) => Math.Max(0, 6 + 0.6 * s.Noise("redo", t) + 4 * s.NullIncident(t) + 2 * s.FirmwareShift(t))),
        new("output.switch_to_typing_rate", "Switch-to-typing rate", MetricCategory.Output, "%", "How often a user gives up on voice and types.", "Search",
            static (s, t) => Math.Max(0, 3.5 + 0.4 * s.Noise("type", t) + 3 * s.NullIncident(t))),
        new("output.click_through_rate", "Click-through rate", MetricCategory.Output, "%", "Share of searches with a result click.", "Search",
            static (s, t) => Math.Clamp(41 + 3 * s.Daily(t) + 1.2 * s.Noise("ctr", t) - 6 * s.NullIncident(t) - 3 * s.FirmwareShift(t), 0, 100)),
    ];

    /// <summary>Rules the scripted incidents trip: the latency spike (critical, fires and resolves),
    /// the null-transcript jump, and the input volume sinking after the firmware update. The VAD change
    /// also trips a rule on VAD itself and one on Search downstream: the three open together on a path of
    /// the pipeline, so they group into one incident with VAD as its probable origin (and the two
    /// downstream warnings have their notifications held while VAD fires).</summary>
    public static readonly IReadOnlyList<Alarms.AlarmRule> Rules =
    [
        new() { Name = "ASR latency p95 too high", Description = "Users wait for transcripts.", Metric = "asr.latency_ms", Aggregation = "p95", WindowSeconds = 120,
            Operator = Alarms.Comparison.GreaterThan, Threshold = 450, ClearThreshold = 350, ForSeconds = 60, Severity = Alarms.Severity.Critical, EvaluationIntervalSeconds = 20 },
        new() { Name = "Null transcripts jumped", Description = "Often an upstream VAD change clipping audio.", Metric = "output.null_rate", Aggregation = "mean", WindowSeconds = 300,
            Operator = Alarms.Comparison.GreaterThan, Threshold = 6, ClearThreshold = 4, Severity = Alarms.Severity.Warning, EvaluationIntervalSeconds = 30 },
        // A slow shift pages only once it has lasted a quarter of an hour. That also keeps it out of the VAD
        // change's incident: both breach when the demo starts, and Audio capture is upstream of VAD, so firing
        // at once (within the 10-minute incident window) it would be taken for the VAD alarms' origin.
        new() { Name = "Input volume sinking", Description = "Microphones clip or attenuate — check device firmware.", Metric = "input.volume_dbfs", Aggregation = "mean", WindowSeconds = 600,
            Operator = Alarms.Comparison.LessThan, Threshold = -25, ClearThreshold = -23, ForSeconds = FirmwareAlarmForSeconds, Severity = Alarms.Severity.Warning,
            EvaluationIntervalSeconds = 60 },
        new() { Name = "Utterances clipped by VAD", Description = "Voice activity detection trims too much: a VAD change or threshold.", Metric = "input.avg_length_s",
            Aggregation = "mean", WindowSeconds = 300, Operator = Alarms.Comparison.LessThan, Threshold = 2.6, ClearThreshold = 2.8, Severity = Alarms.Severity.Warning,
            EvaluationIntervalSeconds = 30 },
        new() { Name = "Users redo searches", Description = "Users repeat a search within 10 s: results or transcripts went wrong.", Metric = "output.redo_search_rate",
            Aggregation = "mean", WindowSeconds = 300, Operator = Alarms.Comparison.GreaterThan, Threshold = 10, ClearThreshold = 9.5, Severity = Alarms.Severity.Warning,
            EvaluationIntervalSeconds = 30 },
    ];

    /// <summary>How long the input volume must stay low before its alarm fires: longer than the incident window
    /// (10 minutes by default) plus the demo's start-up, so the VAD change's incident keeps VAD as its origin.</summary>
    public const int FirmwareAlarmForSeconds = 15 * 60;

    /// <summary>Every series of the demo at instant <paramref name="t"/>; latency is split per model version.</summary>
    public IEnumerable<MetricSample> SamplesAt(DateTimeOffset t)
    {
        foreach (var metric in Metrics)
        {
            if (metric.Key == "asr.latency_ms")
            {
                foreach (var version in ModelVersions)
                {
                    var offset = version == "v8" ? 12 + 6 * Noise("v8", t) : 0;
                    yield return new MetricSample(metric.Key, Round(metric.Signal(this, t) + offset), t,
                        TagSet.From([new("model_version", version)]));
                }
            }
            else
            {
                yield return new MetricSample(metric.Key, Round(metric.Signal(this, t)), t, TagSet.Empty);
            }
        }
    }

    /// <summary>Daily traffic shape in [−1, 1], peaking mid-afternoon UTC.</summary>
    public double Daily(DateTimeOffset t) => Math.Sin(2 * Math.PI * (t.UtcDateTime.TimeOfDay.TotalHours - 9) / 24);

    /// <summary>1 during a latency spike, ramping in and out over a minute. Spikes: 5 h before the
    /// anchor for 20 minutes, 2 minutes after it (so it is seen live) and then every 6 hours.</summary>
    public double LatencySpike(DateTimeOffset t)
    {
        var best = Window(t, Anchor - TimeSpan.FromHours(5), TimeSpan.FromMinutes(20));
        var sinceAnchor = t - Anchor;
        if (sinceAnchor > TimeSpan.Zero)
        {
            var cycle = TimeSpan.FromTicks(sinceAnchor.Ticks % TimeSpan.FromHours(6).Ticks);
            best = Math.Max(best, Window(Anchor + cycle, Anchor + TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)));
        }

        return best;
    }

    /// <summary>Gradual: 0 before the firmware update, rising linearly to 1 over six hours.</summary>
    public double FirmwareShift(DateTimeOffset t) => Math.Clamp((t - FirmwareUpdate).TotalHours / 6, 0, 1);

    /// <summary>Sudden: 1 while the upstream VAD change is live.</summary>
    public double NullIncident(DateTimeOffset t) => t >= NullOutputIncident.Start && t < NullOutputIncident.End ? 1 : 0;

    /// <summary>Deterministic standard-normal-ish noise per signal and second, so a back-fill is
    /// reproducible and tests can predict values.</summary>
    public double Noise(string signal, DateTimeOffset t)
    {
        var seed = unchecked((int)Fnv(signal) ^ (int)t.ToUnixTimeSeconds() * 486187739);
        var random = new Random(seed);
        // Sum of uniforms: cheap, bounded and close enough to normal for a demo.
        return (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2;
    }

    private static double Window(DateTimeOffset t, DateTimeOffset start, TimeSpan length)
    {
        var ramp = TimeSpan.FromMinutes(1);
        if (t < start - ramp || t > start + length + ramp) return 0;
        if (t < start) return 1 - (start - t) / ramp;
        if (t > start + length) return 1 - (t - start - length) / ramp;
        return 1;
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619);
        return hash;
    }
}
