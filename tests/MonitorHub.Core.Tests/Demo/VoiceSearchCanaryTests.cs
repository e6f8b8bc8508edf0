using MonitorHub.Core.Demo;

namespace MonitorHub.Core.Tests.Demo;

public sealed class VoiceSearchCanaryTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static List<Core.Metrics.MetricSample> Minutes(int weight, int minutes)
    {
        var canary = new VoiceSearchCanary(new VoiceSearchScenario(Anchor.AddHours(-3)));
        var tick = TimeSpan.FromSeconds(2);
        return [.. Enumerable.Range(1, minutes * 30).SelectMany(i => canary.RequestsAt(Anchor + (tick * i), tick, weight))];
    }

    private static string Tag(Core.Metrics.MetricSample s, string name) => s.Tags.TryGet(name, out var v) ? v : "";

    [Fact]
    public void Weight_DecidesTheShareOfRequestsTheCandidateAnswers()
    {
        Assert.All(Minutes(0, 1), s => Assert.Equal(VoiceSearchCanary.Baseline, Tag(s, "version")));
        var quarter = Minutes(25, 10);
        var share = quarter.Count(s => Tag(s, "version") == VoiceSearchCanary.Candidate) / (double)quarter.Count;
        Assert.InRange(share, 0.22, 0.28);
        // Every request at its own instant: the store keeps each one.
        Assert.Equal(quarter.Count, quarter.Select(s => s.Timestamp).Distinct().Count());
    }

    [Fact]
    public void Candidate_IsSlowerOnPixelsOnly_AndOverallWithinTheAllowedRatio()
    {
        var all = Minutes(50, 20);
        double Mean(string version, string? device) =>
            all.Where(s => Tag(s, "version") == version && (device is null || Tag(s, "device") == device)).Average(s => s.Value);

        Assert.InRange(Mean(VoiceSearchCanary.Candidate, "pixel") / Mean(VoiceSearchCanary.Baseline, "pixel"), 1.3, 1.5);
        Assert.InRange(Mean(VoiceSearchCanary.Candidate, "iphone") / Mean(VoiceSearchCanary.Baseline, "iphone"), 0.95, 1.05);
        Assert.InRange(Mean(VoiceSearchCanary.Candidate, null) / Mean(VoiceSearchCanary.Baseline, null), 1.05, VoiceSearchCanary.AllowedIncrease - 0.02);
    }
}
