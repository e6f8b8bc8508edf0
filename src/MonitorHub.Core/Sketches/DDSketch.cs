namespace MonitorHub.Core.Sketches;

/// <summary>
/// A mergeable quantile sketch with bounded relative error (the DDSketch idea: logarithmic
/// buckets whose width grows with the value, so any estimate is within <see cref="RelativeAccuracy"/>
/// of the true value at the same rank). Two sketches built with the same accuracy merge exactly,
/// which is what lets per-minute rollups be combined into hour or day buckets.
/// </summary>
public sealed class DDSketch
{
    /// <summary>Relative accuracy used everywhere in MonitorHub (1 %).</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    // Values closer to zero than this are counted in the zero bucket: log-indexing them would need
    // thousands of buckets for no practical gain.
    private const double MinIndexableValue = 1e-9;

    // Bounding the bucket span bounds memory for pathological series; the lowest buckets are
    // collapsed first, which only degrades the accuracy of the very lowest quantiles.
    internal const int MaxBucketSpan = 4096;

    private readonly double _gamma;
    private readonly double _logGamma;
    private readonly BucketStore _positive = new();
    private readonly BucketStore _negative = new();

    public DDSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (relativeAccuracy is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), "Relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        _gamma = Gamma(relativeAccuracy);
        _logGamma = Math.Log(_gamma);
    }

    public double RelativeAccuracy { get; }
    public long Count { get; private set; }
    public long ZeroCount { get; private set; }
    public double Sum { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public bool IsEmpty => Count == 0;

    public void Add(double value) => Add(value, 1);

    public void Add(double value, long count)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite values can be added.");
        }

        if (count <= 0)
        {
            return;
        }

        if (value > MinIndexableValue)
        {
            _positive.Add(Index(value), count, MaxBucketSpan);
        }
        else if (value < -MinIndexableValue)
        {
            _negative.Add(Index(-value), count, MaxBucketSpan);
        }
        else
        {
            ZeroCount += count;
        }

        Count += count;
        Sum += value * count;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    public void Merge(DDSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Math.Abs(other.RelativeAccuracy - RelativeAccuracy) > 1e-12)
        {
            throw new ArgumentException("Sketches with different accuracies cannot be merged.", nameof(other));
        }

        if (other.IsEmpty)
        {
            return;
        }

        _positive.Merge(other._positive, MaxBucketSpan);
        _negative.Merge(other._negative, MaxBucketSpan);
        ZeroCount += other.ZeroCount;
        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// Estimate of the value at rank floor(q·(n−1)) of the sorted values — the same rank
    /// convention <see cref="Metrics.ExactQuantile"/> uses, so sketch and exact answers are comparable.
    /// </summary>
    public double Quantile(double q)
    {
        if (q is < 0 or > 1 || double.IsNaN(q))
        {
            throw new ArgumentOutOfRangeException(nameof(q), "Quantile must be within [0, 1].");
        }

        if (IsEmpty)
        {
            return double.NaN;
        }

        if (q == 0) return Min;
        if (q == 1) return Max;

        var rank = (long)Math.Floor(q * (Count - 1));
        double estimate;
        if (rank < _negative.Total)
        {
            // Negative values: the most negative value has the highest bucket index.
            var index = _negative.IndexAtRankFromTop(rank);
            estimate = -Value(index);
        }
        else if (rank < _negative.Total + ZeroCount)
        {
            estimate = 0;
        }
        else
        {
            var index = _positive.IndexAtRank(rank - _negative.Total - ZeroCount);
            estimate = Value(index);
        }

        // The exact extremes are known, so never answer outside them.
        return Math.Clamp(estimate, Min, Max);
    }

    private int Index(double positiveValue) => (int)Math.Ceiling(Math.Log(positiveValue) / _logGamma);

    // The midpoint (in relative terms) of bucket (γ^(i−1), γ^i], whose relative distance to
    // both ends is exactly the configured accuracy.
    private double Value(int index) => BucketValue(_gamma, index);

    internal static double BucketValue(double gamma, int index) => 2 * Math.Pow(gamma, index) / (gamma + 1);

    internal static double Gamma(double relativeAccuracy) => (1 + relativeAccuracy) / (1 - relativeAccuracy);

    /// <summary>Compact binary form for storage in rollup rows.</summary>
    public byte[] Serialize() => DDSketchSerializer.Serialize(this);

    public static DDSketch Deserialize(ReadOnlySpan<byte> data) => DDSketchSerializer.Deserialize(data);

    /// <summary>Same as <c>Deserialize(data).Quantile(q)</c>, without building the sketch.</summary>
    public static double QuantileOf(ReadOnlySpan<byte> data, double q)
    {
        if (q is < 0 or > 1 || double.IsNaN(q))
        {
            throw new ArgumentOutOfRangeException(nameof(q), "Quantile must be within [0, 1].");
        }

        return DDSketchSerializer.Quantile(data, q);
    }

    /// <summary>Same as <c>Merge(Deserialize(data))</c>, without the intermediate sketch.</summary>
    public void MergeSerialized(ReadOnlySpan<byte> data) => DDSketchSerializer.MergeInto(this, data);

    internal BucketStore PositiveStore => _positive;
    internal BucketStore NegativeStore => _negative;

    internal void AddStats(long count, long zeroCount, double sum, double min, double max)
    {
        Count += count;
        ZeroCount += zeroCount;
        Sum += sum;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
    }

    internal void RestoreStats(long count, long zeroCount, double sum, double min, double max)
    {
        Count = count;
        ZeroCount = zeroCount;
        Sum = sum;
        Min = min;
        Max = max;
    }
}
