using MonitorHub.Core.Metrics;
using MonitorHub.Core.Sketches;

namespace MonitorHub.Core.Tests.Sketches;

public sealed class DDSketchTests
{
    private static readonly double[] Levels = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

    public static TheoryData<string> Distributions => ["lognormal", "uniform", "exponential", "mixed-sign", "latency-with-spikes"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantiles_AreWithinOnePercentOfExact(string distribution)
    {
        var values = Generate(distribution, 50_000, seed: 7);
        var sketch = new DDSketch();
        foreach (var v in values) sketch.Add(v);

        foreach (var q in Levels)
        {
            var exact = ExactQuantile.Of([.. values], q);
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= 0.01 * Math.Abs(exact) + 1e-12,
                $"{distribution} q={q}: estimate {estimate} vs exact {exact}");
        }
    }

    [Fact]
    public void Merge_EqualsSketchOfAllValues()
    {
        var values = Generate("lognormal", 20_000, seed: 3);
        var whole = new DDSketch();
        var parts = Enumerable.Range(0, 10).Select(_ => new DDSketch()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            parts[i % parts.Length].Add(values[i]);
        }

        var merged = new DDSketch();
        foreach (var part in parts) merged.Merge(part);

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Sum, merged.Sum, 6);
        foreach (var q in Levels) Assert.Equal(whole.Quantile(q), merged.Quantile(q));
    }

    [Theory]
    [InlineData("mixed-sign", 7)]
    [InlineData("lognormal", 5)]
    [InlineData("huge-range", 40)]
    public void MergeSerialized_OfSparseParts_EqualsMergeOfTheSketches(string distribution, int perPart)
    {
        // Few values per part, spread over many buckets (a five-minute rollup), and parts wider than
        // the bucket span limit, which must collapse their lowest buckets the same way either path.
        var values = distribution == "huge-range"
            ? [.. Enumerable.Range(0, 4_000).Select(i => (1 + i % 97) * Math.Pow(10, (i * 7 % 25) - 12))]
            : Generate(distribution, 4_000, seed: 5);
        var parts = values.Chunk(perPart).Select(chunk =>
        {
            var part = new DDSketch();
            foreach (var v in chunk) part.Add(v);
            return part;
        }).ToList();

        var merged = new DDSketch();
        var fromBytes = new DDSketch();
        foreach (var part in parts)
        {
            merged.Merge(part);
            fromBytes.MergeSerialized(part.Serialize());
        }

        Assert.Equal(merged.Count, fromBytes.Count);
        Assert.Equal(merged.ZeroCount, fromBytes.ZeroCount);
        foreach (var q in Levels) Assert.Equal(merged.Quantile(q), fromBytes.Quantile(q));
    }

    [Theory]
    [InlineData("mixed-sign", 5)]
    [InlineData("mixed-sign", 500)]
    [InlineData("lognormal", 1)]
    [InlineData("exponential", 60)]
    [InlineData("zeros", 9)]
    public void QuantileOfStoredBytes_EqualsTheDeserializedSketch(string distribution, int n)
    {
        var sketch = new DDSketch();
        foreach (var v in distribution == "zeros" ? [0, 0, -3, 0, 7, 0, 0, -0.5, 2] : Generate(distribution, n, seed: n)) sketch.Add(v);
        var bytes = sketch.Serialize();

        foreach (var q in Levels.Concat([0, 0.01, 0.1, 0.3, 0.5, 0.7, 1]))
        {
            Assert.Equal(DDSketch.Deserialize(bytes).Quantile(q), DDSketch.QuantileOf(bytes, q));
        }

        Assert.True(double.IsNaN(DDSketch.QuantileOf(new DDSketch().Serialize(), 0.5)));
    }

    [Fact]
    public void Serialize_RoundTripsExactly()
    {
        var sketch = new DDSketch();
        foreach (var v in Generate("mixed-sign", 5_000, seed: 11)) sketch.Add(v);
        sketch.Add(0);

        var copy = DDSketch.Deserialize(sketch.Serialize());

        Assert.Equal(sketch.Count, copy.Count);
        Assert.Equal(sketch.ZeroCount, copy.ZeroCount);
        Assert.Equal(sketch.Sum, copy.Sum);
        Assert.Equal(sketch.Min, copy.Min);
        Assert.Equal(sketch.Max, copy.Max);
        foreach (var q in Levels) Assert.Equal(sketch.Quantile(q), copy.Quantile(q));
    }

    [Fact]
    public void Serialize_KeepsAMinuteOfLatencySmall()
    {
        var sketch = new DDSketch();
        foreach (var v in Generate("latency-with-spikes", 600, seed: 5)) sketch.Add(v);
        Assert.True(sketch.Serialize().Length < 600, "a minute of latency samples should serialise to well under a byte per sample");
    }

    [Fact]
    public void Extremes_AreExact()
    {
        var sketch = new DDSketch();
        foreach (var v in new[] { 3.0, 17.25, -4.5, 1000.125 }) sketch.Add(v);
        Assert.Equal(-4.5, sketch.Quantile(0));
        Assert.Equal(1000.125, sketch.Quantile(1));
    }

    [Fact]
    public void Empty_AnswersNaN_AndRejectsNonFiniteValues()
    {
        var sketch = new DDSketch();
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.PositiveInfinity));
    }

    [Fact]
    public void HugeDynamicRange_StaysBounded_AndHighQuantilesStayAccurate()
    {
        var sketch = new DDSketch();
        var values = new List<double>();
        for (var e = -12; e <= 12; e++)
        {
            for (var i = 1; i <= 100; i++)
            {
                var v = i * Math.Pow(10, e);
                values.Add(v);
                sketch.Add(v);
            }
        }

        var exact = ExactQuantile.Of(values, 0.99);
        Assert.InRange(sketch.Quantile(0.99), exact * 0.99, exact * 1.01);
    }

    internal static double[] Generate(string distribution, int n, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return [.. Enumerable.Range(0, n).Select(_ => distribution switch
        {
            "lognormal" => Math.Exp(3 + 1.2 * Normal()),
            "uniform" => random.NextDouble() * 1000,
            "exponential" => -Math.Log(1 - random.NextDouble()) * 50,
            "mixed-sign" => 100 * Normal(),
            _ => random.NextDouble() < 0.02 ? 2000 + 500 * random.NextDouble() : 180 + 20 * Normal(),
        })];
    }
}
