using System.Text.Json;
using MonitorHub.Core.Drift;
using static MonitorHub.Core.Tests.Drift.DriftVectors;

namespace MonitorHub.Core.Tests.Drift;

public sealed class StatisticsVectorTests
{
    public static TheoryData<string> Chi2Cases => Names("chi2");

    [Theory]
    [MemberData(nameof(Chi2Cases))]
    public void Chi2_Contingency_MatchesScipyIncludingYatesAndUnseenCategories(string name)
    {
        var c = Case("chi2", name);
        var reference = Counts(c.GetProperty("reference"));
        var current = Counts(c.GetProperty("current"));
        var categories = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();

        var result = ChiSquare.Contingency(
            [.. categories.Select(k => reference.GetValueOrDefault(k))], [.. categories.Select(k => current.GetValueOrDefault(k))]);

        Assert.NotNull(result);
        Assert.Equal(c.GetProperty("dof").GetInt32(), result.Value.Dof);
        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Value.Statistic, name + " chi2");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.Value.PValue, name + " p");
    }

    public static TheoryData<int, double> Chi2SfCases =>
        [.. Section("chi2Sf").EnumerateArray().Select(c => (c.GetProperty("dof").GetInt32(), c.GetProperty("x").GetDouble()))];

    [Theory]
    [MemberData(nameof(Chi2SfCases))]
    public void Chi2_SurvivalFunction_MatchesScipy(int dof, double x)
    {
        var expected = Section("chi2Sf").EnumerateArray()
            .First(c => c.GetProperty("dof").GetInt32() == dof && c.GetProperty("x").GetDouble() == x).GetProperty("sf").GetDouble();

        AssertPValue(expected, SpecialFunctions.ChiSquareSf(x, dof), $"chi2.sf({x:R}, {dof})");
    }

    [Fact]
    public void Chi2_EmptyRow_IsRejectedLikeScipysZeroExpectedFrequency()
    {
        Assert.Null(ChiSquare.Contingency([0, 0], [3, 4]));
    }

    public static TheoryData<string> NumericCases => Names("numericDistances");

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void Numeric_SturgesEdgesAndCounts_MatchNumpyIncludingValuesOnEdges(string name)
    {
        var c = Case("numericDistances", name);
        var (reference, current) = SortedPair(c);

        var edges = Histogram.SturgesEdges(reference, current);

        Assert.Equal(Doubles(c.GetProperty("edges")), edges);
        Assert.Equal(Longs(c.GetProperty("referenceCounts")), Histogram.Counts(reference, edges));
        Assert.Equal(Longs(c.GetProperty("currentCounts")), Histogram.Counts(current, edges));
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void Numeric_Distances_MatchScipyAndEvidentlyFormulas(string name)
    {
        var c = Case("numericDistances", name);
        var (reference, current) = SortedPair(c);
        var edges = Histogram.SturgesEdges(reference, current);
        var r = Distances.Shares(Histogram.Counts(reference, edges), reference.Length);
        var q = Distances.Shares(Histogram.Counts(current, edges), current.Length);

        AssertStatistic(c.GetProperty("psi").GetDouble(), Distances.Psi(r, q), name + " psi");
        AssertStatistic(c.GetProperty("jensenShannon").GetDouble(), Distances.JensenShannon(r, q), name + " js");
        AssertStatistic(c.GetProperty("hellinger").GetDouble(), Distances.Hellinger(r, q), name + " hellinger");
        var wasserstein = Distances.WassersteinNormed(reference, current, Distances.PopulationStd(reference));
        AssertStatistic(c.GetProperty("wassersteinNormed").GetDouble(), wasserstein, name + " wasserstein");
    }

    public static TheoryData<string> CategoricalCases => Names("categoricalDistances");

    [Theory]
    [MemberData(nameof(CategoricalCases))]
    public void Categorical_Distances_MatchScipyAndEvidentlyFormulas(string name)
    {
        var c = Case("categoricalDistances", name);
        var reference = Counts(c.GetProperty("reference"));
        var current = Counts(c.GetProperty("current"));
        var categories = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
        var r = Distances.Shares([.. categories.Select(k => reference.GetValueOrDefault(k))], reference.Values.Sum());
        var q = Distances.Shares([.. categories.Select(k => current.GetValueOrDefault(k))], current.Values.Sum());

        AssertStatistic(c.GetProperty("psi").GetDouble(), Distances.Psi(r, q), name + " psi");
        AssertStatistic(c.GetProperty("jensenShannon").GetDouble(), Distances.JensenShannon(r, q), name + " js");
        AssertStatistic(c.GetProperty("hellinger").GetDouble(), Distances.Hellinger(r, q), name + " hellinger");
    }

    public static TheoryData<string> CorrectionCases => Names("corrections");

    [Theory]
    [MemberData(nameof(CorrectionCases))]
    public void Corrections_BonferroniAndBenjaminiHochberg_MatchReference(string name)
    {
        var c = Case("corrections", name);
        var p = Doubles(c.GetProperty("pValues"));

        AssertAll(Doubles(c.GetProperty("bonferroni")), MultipleTesting.Adjust(p, MultipleTestCorrection.Bonferroni), name + " bonferroni");
        AssertAll(Doubles(c.GetProperty("benjaminiHochberg")), MultipleTesting.Adjust(p, MultipleTestCorrection.BenjaminiHochberg), name + " bh");
        Assert.Equal(p, MultipleTesting.Adjust(p, MultipleTestCorrection.None));
    }

    private static void AssertAll(double[] expected, double[] actual, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) AssertPValue(expected[i], actual[i], $"{label}[{i}]");
    }

    private static (double[] Reference, double[] Current) SortedPair(JsonElement c)
    {
        var reference = Doubles(c.GetProperty("reference"));
        var current = Doubles(c.GetProperty("current"));
        Array.Sort(reference);
        Array.Sort(current);
        return (reference, current);
    }

    private static long[] Longs(JsonElement value) => [.. value.EnumerateArray().Select(v => v.GetInt64())];
}
