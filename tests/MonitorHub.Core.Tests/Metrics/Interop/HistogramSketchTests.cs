using MonitorHub.Core.Metrics.Interop;

namespace MonitorHub.Core.Tests.Metrics.Interop;

public sealed class HistogramSketchTests
{
    [Fact]
    public void ExplicitBuckets_KeepCountSumMinMaxExact_QuantilesWithinTheirBucket()
    {
        // 10 values in (0,10], 80 in (10,100], 10 in (100,+inf).
        var histogram = new ExplicitHistogram([10, 100], [10, 80, 10], Sum: 4321, Min: 2, Max: 250);
        var sketch = histogram.ToSketch();

        Assert.Equal(100, sketch.Count);
        Assert.Equal(4321, sketch.Sum);
        Assert.Equal(2, sketch.Min);
        Assert.Equal(250, sketch.Max);
        var median = sketch.Quantile(0.5);
        Assert.InRange(median, 10 * 0.99, 100 * 1.01);
        Assert.InRange(sketch.Quantile(0.05), 2 * 0.99, 10 * 1.01);
        Assert.InRange(sketch.Quantile(0.97), 100 * 0.99, 250 * 1.01);
    }

    [Fact]
    public void ExplicitSubtract_GivesTheInterval_AndALayoutChangeIsAReset()
    {
        var earlier = new ExplicitHistogram([1, 2], [1, 2, 3], 10, 0.5, 5);
        var later = new ExplicitHistogram([1, 2], [2, 2, 5], 16, 0.5, 7);
        var delta = ExplicitHistogram.Subtract(later, earlier)!;
        Assert.Equal([1, 0, 2], delta.Counts);
        Assert.Equal(6, delta.Sum);
        Assert.Null(delta.Min);

        Assert.Null(ExplicitHistogram.Subtract(new ExplicitHistogram([1, 3], [2, 2, 5], 16, null, null), earlier));
        Assert.Null(ExplicitHistogram.Subtract(new ExplicitHistogram([1, 2], [0, 2, 5], 16, null, null), earlier));
    }

    [Theory]
    [InlineData(new double[] { 1, 2 }, new long[] { 1, 2 })]
    [InlineData(new double[] { 2, 1 }, new long[] { 1, 2, 3 })]
    [InlineData(new double[] { 1, double.PositiveInfinity }, new long[] { 1, 2, 3 })]
    public void ExplicitShapeProblems_AreNamed(double[] bounds, long[] counts) =>
        Assert.NotNull(new ExplicitHistogram(bounds, counts, null, null, null).Problem());

    [Fact]
    public void Exponential_QuantilesWithinBucketAndSketchError()
    {
        // Scale 3: base 2^(1/8) ≈ 1.0905. 100 values at 10, 100 at 1000, 5 zeros.
        const int scale = 3;
        int Index(double v) => (int)Math.Ceiling(Math.Log2(v) * (1 << scale)) - 1;
        var low = Index(10);
        var high = Index(1000);
        var counts = new long[high - low + 1];
        counts[0] = 100;
        counts[^1] = 100;
        var histogram = new ExponentialHistogram(scale, 5, new ExponentialBuckets(low, counts), ExponentialBuckets.Empty, 5 * 0 + 100 * 10 + 100 * 1000, 0, 1000);
        var sketch = histogram.ToSketch();

        Assert.Equal(205, sketch.Count);
        Assert.Equal(101_000, sketch.Sum);
        var tolerance = Math.Sqrt(Math.Pow(2, Math.Pow(2, -scale))) - 1 + 0.01;
        Assert.InRange(sketch.Quantile(0.25), 10 * (1 - tolerance), 10 * (1 + tolerance));
        Assert.InRange(sketch.Quantile(0.9), 1000 * (1 - tolerance), 1000 * (1 + tolerance));
        Assert.Equal(0, sketch.Quantile(0.01));
    }

    [Fact]
    public void ExponentialSubtract_AlignsALoweredScale()
    {
        // Earlier at scale 2 (buckets 8 and 9), later downscaled to 1 where both fall into bucket 4.
        var earlier = new ExponentialHistogram(2, 0, new ExponentialBuckets(8, [1, 1]), ExponentialBuckets.Empty, 10, null, null);
        var later = new ExponentialHistogram(1, 1, new ExponentialBuckets(4, [5, 1]), ExponentialBuckets.Empty, 30, null, null);
        var delta = ExponentialHistogram.Subtract(later, earlier)!;
        Assert.Equal(1, delta.Scale);
        Assert.Equal(4, delta.Positive.Offset);
        Assert.Equal([3, 1], delta.Positive.Counts);
        Assert.Equal(1, delta.ZeroCount);

        // A raised scale or a fallen bucket is a reset.
        Assert.Null(ExponentialHistogram.Subtract(earlier, later));
        Assert.Null(ExponentialHistogram.Subtract(new ExponentialHistogram(1, 1, new ExponentialBuckets(4, [1]), ExponentialBuckets.Empty, 30, null, null), earlier));
    }
}
