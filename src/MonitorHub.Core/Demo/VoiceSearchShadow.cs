namespace MonitorHub.Core.Demo;

/// <summary>
/// The demo's shadow run: <c>asr</c> v9 answers every request v8 answers live, logged with role <c>shadow</c>.
/// v9 agrees with v8 about 96 % of the time, and where they differ v9 is more often the one that is right,
/// so on labelled pairs it is slightly more accurate (what a shadow comparison is there to show). Deterministic
/// per request id, from its own random stream, so the live log is unchanged.
/// </summary>
public static class VoiceSearchShadow
{
    public const string LiveVersion = "v8";
    public const string ShadowVersion = "v9";

    /// <summary>Chance that v9 corrects a request v8 got wrong, and that it breaks one v8 got right; with v8's ~30 %
    /// error rate after the concept change that is ≈ 0.09 × 0.3 + 0.019 × 0.7 ≈ 4 % disagreement.</summary>
    public const double FixesWrong = 0.09;
    public const double BreaksRight = 0.019;

    /// <summary>v9's answer to a live v8 prediction, or null for requests v9 does not shadow (v7's, before the switch).</summary>
    public static string? Answer(VoiceSearchPredictions model, DemoPrediction live)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(live);
        if (live.Version != LiveVersion) return null;
        var random = new Random(Seed(live.Id));
        // The truth is the label the request eventually gets; an unlabelled one is treated as v8 being right.
        var truth = model.LabelFor(live)?.Intent ?? live.Intent;
        if (truth != live.Intent) return random.NextDouble() < FixesWrong ? truth : live.Intent;
        if (random.NextDouble() >= BreaksRight) return live.Intent;
        var others = VoiceSearchPredictions.Intents.Where(i => i != live.Intent).ToList();
        return others[random.Next(others.Count)];
    }

    private static int Seed(string id)
    {
        var hash = 2166136261u;
        foreach (var c in "shadow:" + id) hash = unchecked((hash ^ c) * 16777619);
        return unchecked((int)hash);
    }
}
