using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Demo;

/// <summary>
/// The demo's canary of <c>asr</c> v8 → v8.1: a per-request latency log tagged with the version that
/// answered and the user's device. v8.1 is as fast as v8 everywhere except on Pixels, where it is
/// <see cref="PixelSlowdown"/> times slower. Pixels are about a third of the traffic, so the overall
/// mean ratio (≈ 1.14) stays inside the gate's allowed 1.2 and only the <c>device=pixel</c> slice fails:
/// the regression a per-slice judge catches and an overall one averages away. Deterministic per
/// instant and request, like the rest of the scenario.
/// </summary>
public sealed class VoiceSearchCanary(VoiceSearchScenario scenario)
{
    public const string Model = VoiceSearchPredictions.Model;
    public const string Baseline = "v8";
    public const string Candidate = "v8.1";
    public const string Metric = "asr.request_latency_ms";
    public const string Slice = "device";
    public const double PixelSlowdown = 1.4;
    public const double AllowedIncrease = 1.2;

    /// <summary>Requests per live tick: with the canary at 25 % a one-minute window holds ≈ 90 requests
    /// from the rarest device (Galaxy) on the candidate, enough for the analysis's minimum of 50 per arm
    /// and slice. (A slice below the minimum makes the whole run inconclusive, so every device must be common.)</summary>
    public const int RequestsPerTick = 60;

    private readonly DemoMetric _latency = scenario.Metrics.Single(m => m.Key == "asr.latency_ms");

    /// <summary>The requests of the tick ending at <paramref name="t"/>, spread over <paramref name="tick"/>;
    /// a request goes to the candidate when its draw falls inside <paramref name="weight"/> %.</summary>
    public IEnumerable<MetricSample> RequestsAt(DateTimeOffset t, TimeSpan tick, int weight)
    {
        for (var i = 0; i < RequestsPerTick; i++)
        {
            var at = t - tick * i / RequestsPerTick;
            var random = new Random(unchecked((int)at.ToUnixTimeMilliseconds() * 31 + i));
            var device = Pick(random.NextDouble());
            var candidate = random.NextDouble() * 100 < weight;
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            // The scenario's latency level (daily shape, spikes) plus per-request spread.
            var latency = Math.Max(40, _latency.Signal(scenario, at) + 30 * normal);
            if (candidate && device == "pixel") latency *= PixelSlowdown;
            yield return new MetricSample(Metric, Math.Round(latency, 1), at,
                TagSet.From([new("version", candidate ? Candidate : Baseline), new(Slice, device)]));
        }
    }

    private static string Pick(double u) => u < 0.35 ? "pixel" : u < 0.8 ? "iphone" : "galaxy";
}
