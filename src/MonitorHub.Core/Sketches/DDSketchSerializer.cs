using System.Buffers.Binary;

namespace MonitorHub.Core.Sketches;

/// <summary>
/// Layout: version byte, accuracy (double), count, zero count (varints), sum/min/max (doubles),
/// then for the positive and negative stores a bucket count followed by (index delta, count)
/// varint pairs. Deltas keep a typical minute's sketch to a few dozen bytes.
/// </summary>
internal static class DDSketchSerializer
{
    private const byte Version = 1;

    public static byte[] Serialize(DDSketch sketch)
    {
        var buffer = new List<byte>(64) { Version };
        WriteDouble(buffer, sketch.RelativeAccuracy);
        WriteVarint(buffer, (ulong)sketch.Count);
        WriteVarint(buffer, (ulong)sketch.ZeroCount);
        WriteDouble(buffer, sketch.Sum);
        WriteDouble(buffer, sketch.Min);
        WriteDouble(buffer, sketch.Max);
        WriteStore(buffer, sketch.PositiveStore);
        WriteStore(buffer, sketch.NegativeStore);
        return [.. buffer];
    }

    public static DDSketch Deserialize(ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (data.Length < 1 || data[position++] != Version)
        {
            throw new FormatException("Unknown sketch format.");
        }

        var sketch = new DDSketch(ReadDouble(data, ref position));
        var count = (long)ReadVarint(data, ref position);
        var zeroCount = (long)ReadVarint(data, ref position);
        var sum = ReadDouble(data, ref position);
        var min = ReadDouble(data, ref position);
        var max = ReadDouble(data, ref position);
        ReadStore(data, ref position, sketch.PositiveStore, int.MaxValue);
        ReadStore(data, ref position, sketch.NegativeStore, int.MaxValue);
        sketch.RestoreStats(count, zeroCount, sum, min, max);
        return sketch;
    }

    /// <summary>Merges a serialized sketch into <paramref name="target"/> without building it first:
    /// a chart over thousands of rollup rows would otherwise allocate a sketch per row.</summary>
    public static void MergeInto(DDSketch target, ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (data.Length < 1 || data[position++] != Version)
        {
            throw new FormatException("Unknown sketch format.");
        }

        if (Math.Abs(ReadDouble(data, ref position) - target.RelativeAccuracy) > 1e-12)
        {
            throw new ArgumentException("Sketches with different accuracies cannot be merged.", nameof(data));
        }

        var count = (long)ReadVarint(data, ref position);
        var zeroCount = (long)ReadVarint(data, ref position);
        var sum = ReadDouble(data, ref position);
        var min = ReadDouble(data, ref position);
        var max = ReadDouble(data, ref position);
        ReadStore(data, ref position, target.PositiveStore, DDSketch.MaxBucketSpan);
        ReadStore(data, ref position, target.NegativeStore, DDSketch.MaxBucketSpan);
        if (count > 0) target.AddStats(count, zeroCount, sum, min, max);
    }

    /// <summary>
    /// Equal to <c>Deserialize(data).Quantile(q)</c> without building the sketch: a chart bucket that
    /// holds one rollup row (a five-minute step read from the five-minute tier, 28 800 buckets for a
    /// 24 h chart of 100 series) needs no sketch of its own. <paramref name="q"/> is in [0, 1].
    /// </summary>
    public static double Quantile(ReadOnlySpan<byte> data, double q)
    {
        var position = 0;
        if (data.Length < 1 || data[position++] != Version)
        {
            throw new FormatException("Unknown sketch format.");
        }

        var gamma = DDSketch.Gamma(ReadDouble(data, ref position));
        var count = (long)ReadVarint(data, ref position);
        var zeroCount = (long)ReadVarint(data, ref position);
        ReadDouble(data, ref position); // sum
        var min = ReadDouble(data, ref position);
        var max = ReadDouble(data, ref position);
        if (count == 0) return double.NaN;
        if (q == 0) return min;
        if (q == 1) return max;

        var positive = position;
        SkipStore(data, ref position);
        var negative = position;
        var negativeTotal = SkipStore(data, ref position);
        var rank = (long)Math.Floor(q * (count - 1));
        double estimate;
        if (rank < negativeTotal)
        {
            // Negative values: the most negative value has the highest bucket index.
            estimate = -DDSketch.BucketValue(gamma, IndexAtRankFromTop(data, negative, negativeTotal, rank));
        }
        else if (rank < negativeTotal + zeroCount)
        {
            estimate = 0;
        }
        else
        {
            estimate = DDSketch.BucketValue(gamma, IndexAtRank(data, positive, rank - negativeTotal - zeroCount));
        }

        return Math.Clamp(estimate, min, max);
    }

    /// <returns>The store's total count.</returns>
    private static long SkipStore(ReadOnlySpan<byte> data, ref int position)
    {
        var buckets = (int)ReadVarint(data, ref position);
        long total = 0;
        for (var i = 0; i < buckets; i++)
        {
            ReadVarint(data, ref position);
            total += (long)ReadVarint(data, ref position);
        }

        return total;
    }

    /// <summary>As <see cref="BucketStore.IndexAtRank"/>, over the stored (non-empty, ascending) buckets.</summary>
    private static int IndexAtRank(ReadOnlySpan<byte> data, int position, long rank)
    {
        var buckets = (int)ReadVarint(data, ref position);
        int index = 0;
        long seen = 0;
        for (var i = 0; i < buckets; i++)
        {
            index += UnZigZag(ReadVarint(data, ref position));
            seen += (long)ReadVarint(data, ref position);
            if (seen > rank) return index;
        }

        return index;
    }

    /// <summary>As <see cref="BucketStore.IndexAtRankFromTop"/>: the highest bucket whose count from the
    /// top (everything at or above it) exceeds the rank, found in one ascending pass.</summary>
    private static int IndexAtRankFromTop(ReadOnlySpan<byte> data, int position, long total, long rank)
    {
        var buckets = (int)ReadVarint(data, ref position);
        int index = 0, found = 0;
        long below = 0;
        for (var i = 0; i < buckets; i++)
        {
            index += UnZigZag(ReadVarint(data, ref position));
            if (i == 0 || total - below > rank) found = index;
            below += (long)ReadVarint(data, ref position);
        }

        return found;
    }

    private static void WriteStore(List<byte> buffer, BucketStore store)
    {
        var buckets = store.NonEmpty().ToList();
        WriteVarint(buffer, (ulong)buckets.Count);
        var previous = 0;
        foreach (var (index, count) in buckets)
        {
            WriteVarint(buffer, ZigZag(index - previous));
            WriteVarint(buffer, (ulong)count);
            previous = index;
        }
    }

    private static void ReadStore(ReadOnlySpan<byte> data, ref int position, BucketStore store, int maxSpan)
    {
        var buckets = (int)ReadVarint(data, ref position);
        if (buckets == 0) return;

        // First pass: the stored index range, so the store grows once. Added one by one, the buckets
        // of a sparse sketch (a five-minute rollup's few values spread over dozens of buckets) made the
        // store reallocate and copy its array several times per merge — per bucket of a p95 chart.
        var scan = position;
        int index = 0, low = int.MaxValue, high = int.MinValue;
        for (var i = 0; i < buckets; i++)
        {
            index += UnZigZag(ReadVarint(data, ref scan));
            ReadVarint(data, ref scan);
            low = Math.Min(low, index);
            high = Math.Max(high, index);
        }

        store.Reserve(low, high, maxSpan);
        index = 0;
        for (var i = 0; i < buckets; i++)
        {
            index += UnZigZag(ReadVarint(data, ref position));
            var count = (long)ReadVarint(data, ref position);
            store.Add(index, count, maxSpan);
        }
    }

    private static ulong ZigZag(int value) => (ulong)(uint)((value << 1) ^ (value >> 31));

    private static int UnZigZag(ulong value) => (int)((uint)value >> 1) ^ -(int)((uint)value & 1);

    private static void WriteVarint(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (position >= data.Length || shift > 63) throw new FormatException("Truncated sketch.");
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
            shift += 7;
        }
    }

    private static void WriteDouble(List<byte> buffer, double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        foreach (var b in bytes) buffer.Add(b);
    }

    private static double ReadDouble(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 8 > data.Length) throw new FormatException("Truncated sketch.");
        var value = BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(position, 8));
        position += 8;
        return value;
    }
}
