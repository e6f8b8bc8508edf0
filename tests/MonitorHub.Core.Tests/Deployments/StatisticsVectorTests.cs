using System.Text.Json;
using MonitorHub.Core.Deployments.Statistics;
using MonitorHub.Core.Drift;
using static MonitorHub.Core.Tests.ReferenceVectors;

namespace MonitorHub.Core.Tests.Deployments;

/// <summary>Every deployment statistic against tools/stats-vectors/generate.py's scipy 1.10 / statsmodels values.</summary>
public sealed class StatisticsVectorTests
{
    internal static readonly ReferenceVectors Vectors = new("Deployments", "stats-vectors.json");

    public static TheoryData<string> MannWhitneyCases => Vectors.Names("mannWhitney");
    public static TheoryData<string> WilcoxonCases => Vectors.Names("wilcoxon");
    public static TheoryData<string> McNemarCases => Vectors.Names("mcnemar");
    public static TheoryData<string> WilsonCases => Vectors.Names("wilson");
    public static TheoryData<string> TwoProportionCases => Vectors.Names("twoProportions");
    public static TheoryData<string> KappaCases => Vectors.Names("kappa");

    [Theory]
    [MemberData(nameof(MannWhitneyCases))]
    public void MannWhitney_MatchesScipyAsymptoticWithTieAndContinuityCorrection(string name)
    {
        var c = Vectors.Case("mannWhitney", name);
        var x = Vectors.Doubles(c.GetProperty("x"));
        var y = Vectors.Doubles(c.GetProperty("y"));

        var result = MannWhitney.Test(x, y);

        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Statistic, name + " U");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.PValue, name + " p");
        if (c.GetProperty("hodgesLehmann") is { ValueKind: JsonValueKind.Number } hl)
        {
            AssertStatistic(hl.GetDouble(), ShiftEffects.HodgesLehmann(x, y), name + " HL");
        }

        if (c.GetProperty("meanRatio") is { ValueKind: JsonValueKind.Number } ratio)
        {
            AssertRelative(ratio.GetDouble(), ShiftEffects.MeanRatio(x, y), 1e-9, name + " mean ratio");
        }
    }

    [Theory]
    [MemberData(nameof(WilcoxonCases))]
    public void Wilcoxon_MatchesScipyDefaultsIncludingExactSwitchAndZeros(string name)
    {
        var c = Vectors.Case("wilcoxon", name);

        var result = Wilcoxon.Test(Vectors.Doubles(c.GetProperty("x")), Vectors.Doubles(c.GetProperty("y")));

        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Statistic, name + " T");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.PValue, name + " p");
        Assert.Equal(c.GetProperty("method").GetString() == "exact" ? WilcoxonMethod.Exact : WilcoxonMethod.Approximate, result.Method);
    }

    [Theory]
    [MemberData(nameof(McNemarCases))]
    public void McNemar_MatchesBinomialFormulaAndStatsmodels(string name)
    {
        var c = Vectors.Case("mcnemar", name);

        var result = McNemar.Exact(c.GetProperty("b").GetInt64(), c.GetProperty("c").GetInt64());

        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Statistic, name + " statistic");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.PValue, name + " p");
        AssertPValue(c.GetProperty("statsmodelsPValue").GetDouble(), result.PValue, name + " p (statsmodels)");
    }

    [Theory]
    [MemberData(nameof(WilsonCases))]
    public void Wilson_MatchesStatsmodels(string name)
    {
        var c = Vectors.Case("wilson", name);

        var interval = Proportions.Wilson(c.GetProperty("successes").GetInt64(), c.GetProperty("n").GetInt64(), c.GetProperty("confidence").GetDouble());

        AssertStatistic(c.GetProperty("low").GetDouble(), interval.Low, name + " low");
        AssertStatistic(c.GetProperty("high").GetDouble(), interval.High, name + " high");
    }

    [Theory]
    [MemberData(nameof(TwoProportionCases))]
    public void TwoProportions_MatchesStatsmodelsPooledZAndNewcombeInterval(string name)
    {
        var c = Vectors.Case("twoProportions", name);

        var result = Proportions.TwoSample(c.GetProperty("successes1").GetInt64(), c.GetProperty("n1").GetInt64(),
            c.GetProperty("successes2").GetInt64(), c.GetProperty("n2").GetInt64());

        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Statistic, name + " z");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.PValue, name + " p");
        AssertStatistic(c.GetProperty("low").GetDouble(), result.Interval.Low, name + " low");
        AssertStatistic(c.GetProperty("high").GetDouble(), result.Interval.High, name + " high");
    }

    [Theory]
    [MemberData(nameof(KappaCases))]
    public void Kappa_MatchesStatsmodels(string name)
    {
        var c = Vectors.Case("kappa", name);
        string[] Labels(string p) => [.. c.GetProperty(p).EnumerateArray().Select(v => v.GetString()!)];

        var result = Agreement.Compute(Labels("x"), Labels("y"));

        AssertStatistic(c.GetProperty("kappa").GetDouble(), result.Kappa!.Value, name + " kappa");
        AssertStatistic(c.GetProperty("agreement").GetDouble(), result.Rate, name + " agreement");
    }

    [Fact]
    public void NormalDistribution_MatchesScipyInBothTails()
    {
        var normal = Vectors.Section("normal");
        foreach (var c in normal.GetProperty("sf").EnumerateArray())
        {
            var x = c.GetProperty("x").GetDouble();
            AssertPValue(c.GetProperty("sf").GetDouble(), SpecialFunctions.NormalSf(x), $"sf({x:R})");
            AssertPValue(c.GetProperty("cdf").GetDouble(), SpecialFunctions.NormalCdf(x), $"cdf({x:R})");
        }

        foreach (var c in normal.GetProperty("ppf").EnumerateArray())
        {
            var p = c.GetProperty("p").GetDouble();
            AssertRelative(c.GetProperty("ppf").GetDouble(), SpecialFunctions.NormalQuantile(p), 1e-12, $"ppf({p:R})");
        }

        foreach (var c in normal.GetProperty("binomHalfCdf").EnumerateArray())
        {
            long k = c.GetProperty("k").GetInt64(), n = c.GetProperty("n").GetInt64();
            AssertPValue(c.GetProperty("cdf").GetDouble(), SpecialFunctions.BinomialHalfCdf(k, n), $"binom.cdf({k}, {n}, .5)");
        }
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string label) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{label}: expected {expected:R}, got {actual:R}");
}
