using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class ShadowPairingTests
{
    private static RoleRow Row(string id, PredictionRole role, string version, string output, string? label = null) =>
        new(id, role, version, Scalar.Of(output), label is null ? Scalar.Missing : Scalar.Of(label));

    [Fact]
    public void Pair_JoinsById_PrefersTheLowestRank_AndDropsUnpairedRequests()
    {
        RoleRow[] rows =
        [
            Row("a", PredictionRole.Human, "", "no", "yes"), Row("a", PredictionRole.Live, "v8", "yes", "yes"), Row("a", PredictionRole.Shadow, "v9", "yes", "yes"),
            Row("b", PredictionRole.Live, "v8", "no"), // no shadow answer
            Row("c", PredictionRole.Shadow, "v9", "no"), // no live answer
        ];

        var pairs = ShadowPairing.Pair(rows, r => r.Role == PredictionRole.Live ? 0 : r.Role == PredictionRole.Human ? 1 : null, r => r.Role == PredictionRole.Shadow);

        var pair = Assert.Single(pairs);
        Assert.Equal((Scalar.Of("yes"), Scalar.Of("yes"), Scalar.Of("yes")), pair);
    }

    [Fact]
    public void Summarise_Classification_FillsAgreementKappaAndAccuracies()
    {
        var pairs = new[] { ("yes", "yes", "yes"), ("no", "yes", "yes"), ("no", "no", "no"), ("yes", "yes", (string?)null) }
            .Select(p => (Scalar.Of(p.Item1), Scalar.Of(p.Item2), p.Item3 is null ? Scalar.Missing : Scalar.Of(p.Item3))).ToList();

        var s = ShadowPairing.Summarise(pairs)!;

        Assert.Equal((4L, 0.75, 3L), (s.N, s.Agreement!.Value, s.Labelled));
        Assert.Equal((2 / 3.0, 1.0), (s.LiveAccuracy!.Value, s.ShadowAccuracy!.Value));
        Assert.Equal(1.0, s.McNemarP!.Value, 12);
        Assert.NotNull(s.Kappa);
    }

    [Fact]
    public void Summarise_Numeric_UsesWilcoxon_AndLeavesClassMeasuresNull()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => (Scalar.Of(i + 1.0), Scalar.Of(i + 0.5 + i * 0.1), Scalar.Missing)).ToList();

        var s = ShadowPairing.Summarise(pairs)!;

        Assert.Equal(10, s.N);
        Assert.Null(s.Agreement);
        Assert.NotNull(s.WilcoxonP);
        Assert.Null(ShadowPairing.Summarise([]));
    }
}
