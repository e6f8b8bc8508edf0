namespace MonitorHub.Core.Demo;

/// <summary>One simulated prediction of the demo's <c>asr</c> model; a null feature is sent as missing.</summary>
public sealed record DemoPrediction(
    string Id, string Version, DateTimeOffset Timestamp,
    double? InputVolumeDbfs, double? UtteranceSeconds, string? Device, string? Locale,
    string Intent, double Score, double LatencyMs);

/// <summary>The ground truth for a demo prediction and when the simulator may post it.</summary>
public sealed record DemoLabel(string PredictionId, string Intent, DateTimeOffset ArrivesAt);

/// <summary>
/// The demo's prediction log: an intent classifier behind speech recognition, deterministic per
/// prediction id (a seed and the scenario's anchor fix everything else), so a back-fill is
/// reproducible and tests can measure its distributions. It tells two different stories:
/// <list type="bullet">
/// <item>Data drift: <c>input_volume_dbfs</c> sinks gradually after the scenario's firmware update,
/// with the same timing and size as the <c>input.volume_dbfs</c> metric, so both charts agree.</item>
/// <item>Concept drift: at <see cref="ConceptChange"/> what users mean by their queries changes; the
/// inputs' distribution does not move at that moment, only how often the label agrees with the
/// output (≈ 92 % before, ≈ 70 % after).</item>
/// </list>
/// </summary>
public sealed class VoiceSearchPredictions(VoiceSearchScenario scenario, int seed = 7)
{
    public const string Model = "asr";
    public const double AgreementBefore = 0.92;
    public const double AgreementAfter = 0.70;
    public const double LabelledShare = 0.8;
    public static readonly TimeSpan MinLabelDelay = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxLabelDelay = TimeSpan.FromMinutes(10);

    public static readonly IReadOnlyList<string> Intents = ["weather", "music", "navigation", "shopping", "other"];
    private static readonly double[] IntentShares = [0.25, 0.25, 0.2, 0.15, 0.15];
    public static readonly IReadOnlyList<string> Devices = ["pixel", "iphone", "galaxy", "other"];
    private static readonly double[] DeviceShares = [0.35, 0.4, 0.18, 0.07];
    public static readonly IReadOnlyList<string> Locales = ["en-US", "en-GB", "de-DE", "fr-FR"];
    private static readonly double[] LocaleShares = [0.55, 0.2, 0.15, 0.1];

    private readonly DemoMetric _latency = scenario.Metrics.Single(m => m.Key == "asr.latency_ms");

    public VoiceSearchScenario Scenario { get; } = scenario;

    /// <summary>Twelve hours before the anchor: early enough in a 24 h view to see accuracy before
    /// and after, and apart from the firmware drift (8 h before) so data and concept drift are told apart.</summary>
    public DateTimeOffset ConceptChange => Scenario.Anchor - TimeSpan.FromHours(12);

    /// <summary>v8 replaces v7 three hours before the anchor (after the concept change, so a newcomer
    /// sees that a new version alone does not bring accuracy back).</summary>
    public DateTimeOffset VersionSwitch => Scenario.Anchor - TimeSpan.FromHours(3);

    /// <summary>Ids name the run (its anchor), so a restarted demo — whose anchor and hence content
    /// differ — never re-sends an id with different content, which the API would reject.</summary>
    public string IdFor(DateTimeOffset t, int index) =>
        $"vs-{Scenario.Anchor.ToUnixTimeSeconds():x}-{t.ToUnixTimeMilliseconds()}-{index}";

    /// <summary>The <paramref name="index"/>-th prediction made at <paramref name="t"/>.</summary>
    public DemoPrediction At(DateTimeOffset t, int index = 0)
    {
        var id = IdFor(t, index);
        var random = RandomFor(id, "inputs");
        var shift = Scenario.FirmwareShift(t);
        // Same level and slope as the input.volume_dbfs metric, with per-utterance spread.
        double? volume = -21 - 7 * shift + 2.5 * Normal(random);
        // Lognormal around ~2.9 s; shorter while the upstream VAD change cuts segments (as the metric).
        var utterance = Math.Exp(Math.Log(2.9 * (1 - 0.3 * Scenario.NullIncident(t))) + 0.35 * Normal(random));
        string? device = Pick(random, Devices, DeviceShares);
        string? locale = Pick(random, Locales, LocaleShares);
        // Missing fields become more frequent with the firmware update, like input.missing_fraction.
        var missing = (1.2 + 1.5 * shift) / 100;
        if (random.NextDouble() < missing) device = null;
        if (random.NextDouble() < missing) locale = null;
        if (random.NextDouble() < 0.005) volume = null;

        var intent = Pick(random, Intents, IntentShares);
        var score = Math.Clamp(0.86 + 0.07 * Normal(random), 0.2, 0.999);
        var version = t < VersionSwitch ? "v7" : "v8";
        var latency = _latency.Signal(Scenario, t) + (version == "v8" ? 12 : 0) + 25 * Normal(random);
        return new DemoPrediction(id, version, t,
            volume is { } v ? Math.Round(v, 2) : null, Math.Round(utterance, 3), device, locale,
            intent, Math.Round(score, 3), Math.Round(Math.Max(20, latency), 1));
    }

    /// <summary>The label a prediction eventually gets, or null for the ~20 % nobody ever labels.
    /// Drawn from its own stream so labelling never disturbs the inputs.</summary>
    public DemoLabel? LabelFor(DemoPrediction prediction)
    {
        var random = RandomFor(prediction.Id, "label");
        if (random.NextDouble() >= LabelledShare) return null;
        var delay = MinLabelDelay + (MaxLabelDelay - MinLabelDelay) * random.NextDouble();
        var agreement = prediction.Timestamp < ConceptChange ? AgreementBefore : AgreementAfter;
        var intent = prediction.Intent;
        if (random.NextDouble() >= agreement)
        {
            // The user meant something else: any other intent, equally likely.
            var others = Intents.Where(i => i != prediction.Intent).ToList();
            intent = others[random.Next(others.Count)];
        }

        return new DemoLabel(prediction.Id, intent, prediction.Timestamp + TimeSpan.FromSeconds(Math.Round(delay.TotalSeconds)));
    }

    private Random RandomFor(string id, string stream) => new(unchecked((int)(Fnv(stream + ":" + id) ^ (uint)seed * 2654435761u)));

    /// <summary>Box–Muller standard normal.</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Pick(Random random, IReadOnlyList<string> values, double[] shares)
    {
        var u = random.NextDouble();
        for (var i = 0; i < values.Count - 1; i++)
        {
            u -= shares[i];
            if (u < 0) return values[i];
        }

        return values[^1];
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619);
        return hash;
    }
}
