using System.Text.Json;
using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Tests.Drift;

public sealed class DatasetDriftTests
{
    private static double?[] Normal(int n, double mean, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (double?)(mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())))];
    }

    private static DatasetDriftResult Run(ColumnData reference, ColumnData current, DriftRunOptions? options = null) =>
        DatasetDrift.Run(ReferenceProfile.Build([reference]), [current], options ?? new DriftRunOptions());

    [Fact]
    public void Auto_SmallNumericReference_UsesKsAndFlagsAShift()
    {
        var result = Run(ColumnData.Numeric("x", Normal(500, 0, 1)), ColumnData.Numeric("x", Normal(400, 1, 2)));

        var column = Assert.Single(result.Columns);
        Assert.Equal(DriftMethod.Ks, column.Method);
        Assert.True(column.Drifted);
        Assert.True(result.DatasetDrifted);
    }

    [Fact]
    public void Auto_LargeNumericReference_UsesNormedWassersteinAndIgnoresNulls()
    {
        var current = Normal(3000, 0, 4);
        current[0] = null;
        current[1] = double.NaN;

        var column = Run(ColumnData.Numeric("x", Normal(5000, 0, 3)), ColumnData.Numeric("x", current)).Columns[0];

        Assert.Equal(DriftMethod.Wasserstein, column.Method);
        Assert.Equal(2998, column.CurrentCount);
        Assert.False(column.Drifted);
        Assert.Null(column.PValue);
    }

    [Fact]
    public void Auto_FewDistinctNumericValues_UsesChi2OrJensenShannon()
    {
        double?[] small = [.. Enumerable.Range(0, 300).Select(i => (double?)(i % 3))];
        double?[] large = [.. Enumerable.Range(0, 3000).Select(i => (double?)(i % 3))];

        Assert.Equal(DriftMethod.Chi2, Run(ColumnData.Numeric("x", small), ColumnData.Numeric("x", small)).Columns[0].Method);
        Assert.Equal(DriftMethod.JensenShannon, Run(ColumnData.Numeric("x", large), ColumnData.Numeric("x", large)).Columns[0].Method);
    }

    [Fact]
    public void Categorical_UnseenCategoryInCurrent_StaysFiniteAndDrifts()
    {
        string?[] reference = [.. Enumerable.Repeat("a", 50), .. Enumerable.Repeat("b", 50)];
        string?[] current = [.. Enumerable.Repeat("a", 30), .. Enumerable.Repeat("b", 30), .. Enumerable.Repeat("new", 40), null];

        var column = Run(ColumnData.Categorical("c", reference), ColumnData.Categorical("c", current)).Columns[0];

        Assert.Equal(DriftMethod.Chi2, column.Method);
        Assert.True(double.IsFinite(column.Statistic!.Value));
        Assert.Equal(100, column.CurrentCount);
        Assert.True(column.Drifted);
    }

    [Fact]
    public void EmptyCurrent_IsInsufficientDataAndNotCountedInTheShare()
    {
        var profile = ReferenceProfile.Build([ColumnData.Numeric("x", Normal(100, 0, 5)), ColumnData.Numeric("y", Normal(100, 0, 6))]);

        var result = DatasetDrift.Run(profile, [ColumnData.Numeric("x", [null, double.NaN]), ColumnData.Numeric("y", Normal(100, 3, 7))], new DriftRunOptions());

        Assert.Equal(ColumnDriftStatus.InsufficientData, result.Columns[0].Status);
        Assert.Null(result.Columns[0].Statistic);
        Assert.Equal(1, result.TestedColumns);
        Assert.True(result.DatasetDrifted);
    }

    [Fact]
    public void IdenticalConstants_GiveScipysNoDriftAnswer()
    {
        double?[] constant = [.. Enumerable.Repeat((double?)4.0, 20)];

        var ks = Run(ColumnData.Numeric("x", constant), ColumnData.Numeric("x", constant),
            new DriftRunOptions { DefaultMethod = DriftMethod.Ks }).Columns[0];
        var wasserstein = Run(ColumnData.Numeric("x", constant), ColumnData.Numeric("x", [.. Enumerable.Repeat((double?)4.5, 10)]),
            new DriftRunOptions { DefaultMethod = DriftMethod.Wasserstein }).Columns[0];
        var chi2 = Run(ColumnData.Categorical("c", ["a", "a"]), ColumnData.Categorical("c", ["a"])).Columns[0];

        Assert.Equal((0.0, 1.0), (ks.Statistic!.Value, ks.PValue!.Value));
        Assert.Equal(0.5 / 0.001, wasserstein.Statistic!.Value, 9);
        Assert.Equal((0.0, 1.0, false), (chi2.Statistic!.Value, chi2.PValue!.Value, chi2.Drifted));
    }

    [Fact]
    public void EffectSizeFloor_SuppressesASignificantButTinyShift()
    {
        var reference = ColumnData.Numeric("x", Normal(1000, 0, 8));
        var current = ColumnData.Numeric("x", Normal(1000, 0.2, 9));
        var withFloor = new DriftRunOptions { Columns = new Dictionary<string, ColumnDriftOptions> { ["x"] = new(DriftMethod.Ks, 0.05, EffectSizeFloor: 0.5) } };

        var plain = Run(reference, current).Columns[0];
        var floored = Run(reference, current, withFloor).Columns[0];

        Assert.True(plain.Drifted);
        Assert.False(floored.Drifted);
        Assert.True(floored.EffectSize < 0.5);
    }

    [Fact]
    public void Bonferroni_AdjustsPValuesAcrossColumnsBeforeTheDecision()
    {
        var names = Enumerable.Range(0, 10).Select(i => "c" + i).ToArray();
        var profile = ReferenceProfile.Build(names.Select((n, i) => ColumnData.Numeric(n, Normal(300, 0, 10 + i))));
        var current = names.Select((n, i) => ColumnData.Numeric(n, Normal(300, 0, 50 + i))).ToList();

        var none = DatasetDrift.Run(profile, current, new DriftRunOptions());
        var bonferroni = DatasetDrift.Run(profile, current, new DriftRunOptions { Correction = MultipleTestCorrection.Bonferroni });

        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(Math.Min(1, none.Columns[i].PValue!.Value * 10), bonferroni.Columns[i].AdjustedPValue!.Value, 12);
        }

        Assert.True(bonferroni.DriftedColumns <= none.DriftedColumns);
    }

    [Fact]
    public void DriftShare_IsDriftedOverTestedColumns()
    {
        var profile = ReferenceProfile.Build([ColumnData.Numeric("a", Normal(200, 0, 1)), ColumnData.Numeric("b", Normal(200, 0, 2))]);
        var current = new[] { ColumnData.Numeric("a", Normal(200, 3, 3)), ColumnData.Numeric("b", Normal(200, 0, 4)) };

        var half = DatasetDrift.Run(profile, current, new DriftRunOptions { DriftShare = 0.5 });
        var strict = DatasetDrift.Run(profile, current, new DriftRunOptions { DriftShare = 0.75 });

        Assert.Equal(0.5, half.DriftedShare);
        Assert.True(half.DatasetDrifted);
        Assert.False(strict.DatasetDrifted);
    }

    [Fact]
    public void Profile_RoundTripsThroughJson()
    {
        var profile = ReferenceProfile.Build([ColumnData.Numeric("x", Normal(50, 0, 1)), ColumnData.Categorical("c", ["a", "b", "a", null])]);

        var copy = JsonSerializer.Deserialize<ReferenceProfile>(JsonSerializer.Serialize(profile))!;

        Assert.Equal(profile.Columns[0].Numeric!.SortedValues, copy.Columns[0].Numeric!.SortedValues);
        Assert.Equal(profile.Columns[0].Numeric!.PopulationStd, copy.Columns[0].Numeric!.PopulationStd);
        Assert.Equal(["a", "b"], copy.Columns[1].Categorical!.Categories);
        Assert.Equal([2L, 1L], copy.Columns[1].Categorical!.Counts);
    }

    [Fact]
    public void Charts_ShareTheSturgesBinningAndTheCategoryUnion()
    {
        var profile = ReferenceProfile.Build([ColumnData.Numeric("x", [0, 2, 4, 6, 8, 10, 2, 4]), ColumnData.Categorical("c", ["b", "a"])]);

        double?[] current = [0, 10, 10, 6, 6, 4, 8, 2];
        var histogram = DriftCharts.Numeric(profile.Columns[0].Numeric!, current)!;
        var bars = DriftCharts.Categorical(profile.Columns[1].Categorical!, ["z", "a", "a"]);

        Assert.Equal([0.0, 2, 4, 6, 8, 10], histogram.Edges);
        Assert.Equal([1L, 2, 2, 1, 2], histogram.ReferenceCounts);
        Assert.Equal([1L, 1, 1, 2, 3], histogram.CurrentCounts);
        Assert.Equal(["a", "b", "z"], bars.Categories);
        Assert.Equal([1L, 1, 0], bars.ReferenceCounts);
        Assert.Equal([2L, 0, 1], bars.CurrentCounts);
    }
}
