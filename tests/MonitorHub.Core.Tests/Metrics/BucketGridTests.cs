using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class BucketGridTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly SeriesQueryPlan Plan = new(From, From.AddHours(3), 3600, UseRollups: true);

    private static long Ms(int minutes) => From.AddMinutes(minutes).ToUnixTimeMilliseconds();

    [Fact]
    public void Slots_AreAggregatedApart_PerBucket()
    {
        var grid = new BucketGrid(Plan, Aggregation.Sum, slots: 2);
        grid.AddRaw(0, Ms(5), 1);
        grid.AddRollup(0, Ms(10), 3, 30, 5, 15, []);
        grid.AddRaw(1, Ms(125), 7);

        Assert.Equal([new SeriesPoint(From, 31)], grid.Points(0));
        Assert.Equal([new SeriesPoint(From.AddHours(2), 7)], grid.Points(1));
        Assert.Equal(4, grid.CountOf(0));
    }

    [Fact]
    public void Quantile_MergesStoredSketchBytes_AsMergingTheSketchesWould()
    {
        var first = new DDSketch();
        var second = new DDSketch();
        for (var i = 1; i <= 500; i++) (i % 2 == 0 ? first : second).Add(i * 1.5);
        var expected = new DDSketch();
        expected.Merge(first);
        expected.Merge(second);

        var grid = new BucketGrid(Plan, Aggregation.P95, slots: 1);
        grid.AddRollup(0, Ms(61), first.Count, first.Sum, first.Min, first.Max, first.Serialize());
        grid.AddRollup(0, Ms(62), second.Count, second.Sum, second.Min, second.Max, second.Serialize());

        Assert.Equal(expected.Quantile(0.95), Assert.Single(grid.Points(0)).V);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(3, 0)]
    [InlineData(3, 2)]
    public void Quantile_OfOneOrManyRollupsWithOrWithoutRawValues_EqualsTheSketchOfThemAll(int rollups, int rawValues)
    {
        var expected = new DDSketch();
        var grid = new BucketGrid(Plan, Aggregation.P95, slots: 1);
        for (var r = 0; r < rollups; r++)
        {
            var part = new DDSketch();
            for (var i = 1; i <= 40; i++) part.Add((r + 1) * i * 0.7 - 9);
            expected.Merge(part);
            grid.AddRollup(0, Ms(61 + r), part.Count, part.Sum, part.Min, part.Max, part.Serialize());
        }

        for (var i = 0; i < rawValues; i++)
        {
            expected.Add(100 + i);
            grid.AddRaw(0, Ms(70), 100 + i);
        }

        Assert.Equal(expected.Quantile(0.95), Assert.Single(grid.Points(0)).V);
    }

    [Fact]
    public void Quantile_OfManySingleRollups_KeepsEachSketch_AfterTheKeptBytesOutgrowTheirFirstBuffer()
    {
        // 2 000 slots × ~1 KB of sketch pass the grid's first 64 KB of kept bytes several times over.
        const int Slots = 2_000;
        var parts = new DDSketch[Slots];
        var grid = new BucketGrid(Plan, Aggregation.P95, Slots);
        for (var slot = 0; slot < Slots; slot++)
        {
            var part = parts[slot] = new DDSketch();
            for (var i = 1; i <= 300; i++) part.Add(slot + i * (1 + slot % 7));
            grid.AddRollup(slot, Ms(61), part.Count, part.Sum, part.Min, part.Max, part.Serialize());
        }

        // A second rollup into the first slot's bucket merges with the bytes kept before the growth.
        var late = new DDSketch();
        for (var i = 1; i <= 300; i++) late.Add(5_000 + i);
        grid.AddRollup(0, Ms(62), late.Count, late.Sum, late.Min, late.Max, late.Serialize());
        parts[0].Merge(late);

        for (var slot = 0; slot < Slots; slot++)
        {
            Assert.Equal(parts[slot].Quantile(0.95), Assert.Single(grid.Points(slot)).V);
        }
    }

    [Fact]
    public void Quantile_OverRawValuesAlone_IsExact()
    {
        var grid = new BucketGrid(Plan, Aggregation.P50, slots: 1);
        foreach (var v in new[] { 5.0, 1, 3 }) grid.AddRaw(0, Ms(1), v);

        Assert.Equal(3, Assert.Single(grid.Points(0)).V);
    }

    [Fact]
    public void EmptyRollupRow_GivesAZeroCount_AndNoMean()
    {
        var counts = new BucketGrid(Plan, Aggregation.Count, slots: 1);
        var means = new BucketGrid(Plan, Aggregation.Mean, slots: 1);
        counts.AddRollup(0, Ms(1), 0, 0, double.PositiveInfinity, double.NegativeInfinity, []);
        means.AddRollup(0, Ms(1), 0, 0, double.PositiveInfinity, double.NegativeInfinity, []);

        Assert.Equal(0, Assert.Single(counts.Points(0)).V);
        Assert.Empty(means.Points(0));
    }

    [Fact]
    public void RowsOutsideThePlan_AreIgnored()
    {
        var grid = new BucketGrid(Plan, Aggregation.Count, slots: 1);
        grid.AddRaw(0, Ms(-1), 1);
        grid.AddRaw(0, Ms(180), 1);

        Assert.Empty(grid.Points(0));
    }
}
