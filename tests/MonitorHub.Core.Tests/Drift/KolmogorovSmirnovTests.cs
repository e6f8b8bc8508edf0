using MonitorHub.Core.Drift;
using static MonitorHub.Core.Tests.Drift.DriftVectors;

namespace MonitorHub.Core.Tests.Drift;

public sealed class KolmogorovSmirnovTests
{
    public static TheoryData<string> KsCases => Names("ks");

    [Theory]
    [MemberData(nameof(KsCases))]
    public void Ks_TwoSample_MatchesScipyKs2samp(string name)
    {
        var c = Case("ks", name);
        var result = KolmogorovSmirnov.TwoSampleUnsorted(Doubles(c.GetProperty("a")), Doubles(c.GetProperty("b")));

        AssertStatistic(c.GetProperty("statistic").GetDouble(), result.Statistic, name + " D");
        AssertPValue(c.GetProperty("pValue").GetDouble(), result.PValue, name + " p");
    }

    public static TheoryData<int, double> KstwoCases =>
        [.. Section("kstwo").EnumerateArray().Select(c => (c.GetProperty("n").GetInt32(), c.GetProperty("d").GetDouble()))];

    [Theory]
    [MemberData(nameof(KstwoCases))]
    public void Kstwo_Sf_MatchesScipyOnEveryBranch(int n, double d)
    {
        var expected = Section("kstwo").EnumerateArray()
            .First(c => c.GetProperty("n").GetInt32() == n && c.GetProperty("d").GetDouble() == d).GetProperty("sf").GetDouble();

        AssertPValue(expected, KolmogorovDistribution.KstwoSf(d, n), $"kstwo.sf({d:R}, {n})");
    }

    public static TheoryData<int, double> SmirnovCases =>
        [.. Section("smirnov").EnumerateArray().Select(c => (c.GetProperty("n").GetInt32(), c.GetProperty("d").GetDouble()))];

    [Theory]
    [MemberData(nameof(SmirnovCases))]
    public void Smirnov_Sf_MatchesScipySpecialSmirnov(int n, double d)
    {
        var expected = Section("smirnov").EnumerateArray()
            .First(c => c.GetProperty("n").GetInt32() == n && c.GetProperty("d").GetDouble() == d).GetProperty("sf").GetDouble();

        AssertPValue(expected, Smirnov.Sf(n, d), $"smirnov({n}, {d:R})");
    }

    [Fact]
    public void Ks_PreSortedReference_IsNotCopiedAndGivesTheSameAnswer()
    {
        double[] reference = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] current = [4.5, 2.5, 9, 10];
        var sortedCurrent = current.Order().ToArray();

        var fromSorted = KolmogorovSmirnov.TwoSample(reference, sortedCurrent);

        Assert.Equal(KolmogorovSmirnov.TwoSampleUnsorted(reference, current), fromSorted);
        Assert.Equal(KsPValueMethod.Exact, fromSorted.Method);
    }

    [Fact]
    public void Ks_LargerThanTenThousand_UsesAsymptoticDistribution()
    {
        var a = Enumerable.Range(0, 10_001).Select(i => (double)i).ToArray();
        var b = Enumerable.Range(0, 50).Select(i => i * 200.0 + 0.5).ToArray();

        Assert.Equal(KsPValueMethod.Asymptotic, KolmogorovSmirnov.TwoSample(a, b).Method);
    }

    [Fact]
    public void Ks_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
    }
}
