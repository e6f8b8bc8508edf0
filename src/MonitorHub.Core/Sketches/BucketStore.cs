namespace MonitorHub.Core.Sketches;

/// <summary>
/// Dense array of bucket counts starting at <see cref="Offset"/>. Per-minute series rarely span
/// more than a few hundred buckets, so a dense array beats a dictionary on both the write path
/// and merges.
/// </summary>
internal sealed class BucketStore
{
    private long[] _counts = [];

    public int Offset { get; private set; }
    public long Total { get; private set; }
    public int Length { get; private set; }

    public void Add(int index, long count, int maxSpan)
    {
        index = EnsureRange(index, index, maxSpan);
        _counts[index - Offset] += count;
        Total += count;
    }

    public void Merge(BucketStore other, int maxSpan)
    {
        if (other.Total == 0)
        {
            return;
        }

        var low = other.Offset;
        var high = other.Offset + other.Length - 1;
        EnsureRange(low, high, maxSpan);
        for (var i = 0; i < other.Length; i++)
        {
            var count = other._counts[i];
            if (count == 0) continue;
            var target = Math.Max(other.Offset + i, Offset);
            _counts[target - Offset] += count;
        }

        Total += other.Total;
    }

    /// <summary>Makes room for buckets [low, high] at once (before adding many of them).</summary>
    public void Reserve(int low, int high, int maxSpan) => EnsureRange(low, high, maxSpan);

    public int IndexAtRank(long rank)
    {
        long seen = 0;
        for (var i = 0; i < Length; i++)
        {
            seen += _counts[i];
            if (seen > rank) return Offset + i;
        }

        return Offset + Length - 1;
    }

    public int IndexAtRankFromTop(long rank)
    {
        long seen = 0;
        for (var i = Length - 1; i >= 0; i--)
        {
            seen += _counts[i];
            if (seen > rank) return Offset + i;
        }

        return Offset;
    }

    public IEnumerable<(int Index, long Count)> NonEmpty()
    {
        for (var i = 0; i < Length; i++)
        {
            if (_counts[i] != 0) yield return (Offset + i, _counts[i]);
        }
    }

    /// <summary>Grows the array to cover [low, high]; returns the index to use for <paramref name="low"/>
    /// (raised when the span limit forced the lowest buckets to collapse).</summary>
    private int EnsureRange(int low, int high, int maxSpan)
    {
        if (Length == 0)
        {
            var span = Math.Min(high - low + 1, maxSpan);
            Offset = high - span + 1;
            Length = span;
            _counts = new long[Math.Max(span, 16)];
            return Math.Max(low, Offset);
        }

        var newLow = Math.Min(low, Offset);
        var newHigh = Math.Max(high, Offset + Length - 1);
        if (newHigh - newLow + 1 > maxSpan)
        {
            newLow = newHigh - maxSpan + 1;
        }

        if (newLow == Offset && newHigh - newLow + 1 <= _counts.Length)
        {
            // Growing upwards within the spare capacity needs no copy.
            Length = newHigh - newLow + 1;
        }
        else if (newLow != Offset || newHigh != Offset + Length - 1)
        {
            Resize(newLow, newHigh);
        }

        return Math.Max(low, Offset);
    }

    private void Resize(int newLow, int newHigh)
    {
        var newLength = newHigh - newLow + 1;
        var fresh = new long[Math.Max(newLength, _counts.Length)];
        for (var i = 0; i < Length; i++)
        {
            var count = _counts[i];
            if (count == 0) continue;
            // Buckets that fall below the new low end are folded into the lowest kept bucket.
            var target = Math.Max(Offset + i, newLow) - newLow;
            fresh[target] += count;
        }

        _counts = fresh;
        Offset = newLow;
        Length = newLength;
    }
}
