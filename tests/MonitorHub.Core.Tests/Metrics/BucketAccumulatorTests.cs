using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class BucketAccumulatorTests
{
    private static readonly double[] Values = [4, 8, 15, 16, 23, 42];

    [Theory]
    [InlineData(Aggregation.Mean, 18.0)]
    [InlineData(Aggregation.Min, 4.0)]
    [InlineData(Aggregation.Max, 42.0)]
    [InlineData(Aggregation.Sum, 108.0)]
    [InlineData(Aggregation.Count, 6.0)]
    [InlineData(Aggregation.P50, 15.0)]
    [InlineData(Aggregation.P90, 23.0)]
    [InlineData(Aggregation.P99, 23.0)]
    public void RawValues_AggregateExactly(Aggregation aggregation, double expected)
    {
        var bucket = new BucketAccumulator(aggregation);
        foreach (var v in Values) bucket.AddValue(v);
        Assert.Equal(expected, bucket.Result(), 9);
    }

    [Theory]
    [InlineData(Aggregation.Mean)]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Count)]
    [InlineData(Aggregation.Min)]
    [InlineData(Aggregation.Max)]
    public void RollupsPlusRaw_EqualAllRaw(Aggregation aggregation)
    {
        var values = Sketches.DDSketchTests.Generate("lognormal", 1_000, seed: 1);
        var raw = new BucketAccumulator(aggregation);
        foreach (var v in values) raw.AddValue(v);

        var mixed = new BucketAccumulator(aggregation);
        foreach (var chunk in values.Take(900).Chunk(60))
        {
            var sketch = new DDSketch();
            foreach (var v in chunk) sketch.Add(v);
            mixed.AddRollup(sketch.Count, sketch.Sum, sketch.Min, sketch.Max, () => sketch);
        }

        foreach (var v in values.Skip(900)) mixed.AddValue(v);
        Assert.Equal(raw.Result(), mixed.Result(), 6);
    }

    [Fact]
    public void QuantileFromRollups_IsWithinOnePercent()
    {
        var values = Sketches.DDSketchTests.Generate("latency-with-spikes", 6_000, seed: 2);
        var bucket = new BucketAccumulator(Aggregation.P95);
        foreach (var chunk in values.Chunk(600))
        {
            var sketch = new DDSketch();
            foreach (var v in chunk) sketch.Add(v);
            bucket.AddRollup(sketch.Count, sketch.Sum, sketch.Min, sketch.Max, () => sketch);
        }

        var exact = ExactQuantile.Of([.. values], 0.95);
        Assert.InRange(bucket.Result(), exact * 0.99, exact * 1.01);
    }

    [Fact]
    public void EmptyBucket_CountsZero_AndHasNoMean()
    {
        Assert.Equal(0, new BucketAccumulator(Aggregation.Count).Result());
        Assert.True(double.IsNaN(new BucketAccumulator(Aggregation.Mean).Result()));
    }
}
