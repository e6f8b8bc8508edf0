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
