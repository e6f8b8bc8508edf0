namespace MonitorHub.Core.Drift;

/// <summary>numpy's <c>histogram_bin_edges(..., bins='sturges')</c> and <c>np.histogram(a, edges)</c>.</summary>
public static class Histogram
{
    /// <summary>Sturges edges over the union of two ascending-sorted samples (at least one non-empty).
    /// Only the pooled min, max and size are needed, so sorted inputs make this O(1) plus the edges.</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        var size = sortedA.Length + sortedB.Length;
        if (size == 0) throw new ArgumentException("Sturges edges need at least one value.");
        var first = Math.Min(sortedA.IsEmpty ? double.PositiveInfinity : sortedA[0], sortedB.IsEmpty ? double.PositiveInfinity : sortedB[0]);
        var last = Math.Max(sortedA.IsEmpty ? double.NegativeInfinity : sortedA[^1], sortedB.IsEmpty ? double.NegativeInfinity : sortedB[^1]);
        return SturgesEdges(first, last, size);
    }

    /// <summary>numpy's arithmetic exactly: width = ptp/(log2(n)+1) and bins = ceil(ptp/width), which
    /// is not always ceil(log2(n)+1) in floating point; a zero range widens to ±0.5 with one bin.</summary>
    public static double[] SturgesEdges(double min, double max, long size)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException("Range must be finite.");
        var width = (max - min) / (Math.Log2(size) + 1.0);
        var first = min;
        var last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var bins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return LinSpace(first, last, bins + 1);
    }

    /// <summary><c>np.linspace(start, stop, num, endpoint=True)</c>: i·step + start, last value pinned to stop.</summary>
    public static double[] LinSpace(double start, double stop, int num)
    {
        var y = new double[num];
        var div = num - 1;
        var delta = stop - start;
        if (div > 0)
        {
            var step = delta / div;
            for (var i = 0; i < num; i++) y[i] = (step == 0 ? i / (double)div * delta : i * step) + start;
            y[^1] = stop;
        }
        else
        {
            for (var i = 0; i < num; i++) y[i] = i * delta + start;
        }

        return y;
    }

    /// <summary><c>np.histogram(a, bins=edges)[0]</c> for an ascending-sorted sample. With explicit edges
    /// numpy counts by searchsorted ('left' on every edge but the last, 'right' on the last), so a value
    /// exactly on an inner edge belongs to the bin on its right and the last bin is closed.</summary>
    public static long[] Counts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length - 1];
        var previous = LowerBound(sorted, edges[0]);
        for (var i = 1; i < edges.Length; i++)
        {
            var position = i == edges.Length - 1 ? UpperBound(sorted, edges[i]) : LowerBound(sorted, edges[i]);
            counts[i - 1] = position - previous;
            previous = position;
        }

        return counts;
    }

    /// <summary>Index of the first element not less than <paramref name="value"/> (searchsorted 'left').</summary>
    public static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    /// <summary>Index of the first element greater than <paramref name="value"/> (searchsorted 'right').</summary>
    public static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
