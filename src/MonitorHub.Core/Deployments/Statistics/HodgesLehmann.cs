using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Deployments.Statistics;

/// <summary>Effect sizes of a shift between a baseline and a candidate sample.</summary>
public static class ShiftEffects
{
    /// <summary>Hodges–Lehmann shift: the median of all n·m differences candidate − baseline, exactly
    /// <c>np.median(np.subtract.outer(candidate, baseline))</c>, without materialising the pairs.</summary>
    /// <remarks>fl(c − b) is monotone in each argument, so over sorted samples the number of pairs at or
    /// below any d is counted with two pointers in O(n + m). That count is a step function of d that
    /// only steps at attained differences, so bisecting on the ordered bit patterns of doubles lands
    /// exactly on the k-th smallest difference in at most 64 counts.</remarks>
    public static double HodgesLehmannSorted(ReadOnlySpan<double> sortedBaseline, ReadOnlySpan<double> sortedCandidate)
    {
        long n = sortedBaseline.Length, m = sortedCandidate.Length;
        if (n == 0 || m == 0) throw new ArgumentException("The Hodges–Lehmann shift needs two non-empty samples.");
        if (!double.IsFinite(sortedBaseline[0]) || !double.IsFinite(sortedBaseline[^1]) ||
            !double.IsFinite(sortedCandidate[0]) || !double.IsFinite(sortedCandidate[^1]))
        {
            throw new ArgumentException("Samples must be finite.");
        }

        var total = n * m;
        var k = (total + 1) / 2; // 1-based rank of the (lower) middle difference
        var lower = KthSmallest(sortedBaseline, sortedCandidate, k);
        if (total % 2 == 1) return lower;
        var upper = CountAtOrBelow(sortedBaseline, sortedCandidate, lower) >= k + 1
            ? lower
            : SmallestAbove(sortedBaseline, sortedCandidate, lower);
        return (lower + upper) / 2;
    }

    /// <summary>Copies and sorts, then <see cref="HodgesLehmannSorted"/>.</summary>
    public static double HodgesLehmann(ReadOnlySpan<double> baseline, ReadOnlySpan<double> candidate) =>
        HodgesLehmannSorted(MannWhitney.SortedCopy(baseline, nameof(baseline)), MannWhitney.SortedCopy(candidate, nameof(candidate)));

    /// <summary>mean(candidate) / mean(baseline) with numpy's summation order; NaN when the baseline's mean is 0.</summary>
    public static double MeanRatio(ReadOnlySpan<double> baseline, ReadOnlySpan<double> candidate)
    {
        if (baseline.Length == 0 || candidate.Length == 0) throw new ArgumentException("The mean ratio needs two non-empty samples.");
        var baselineMean = Mean(baseline);
        return baselineMean == 0 ? double.NaN : Mean(candidate) / baselineMean;
    }

    /// <summary><c>np.mean</c>: numpy's pairwise sum divided by the count.</summary>
    public static double Mean(ReadOnlySpan<double> values) => NumericSums.Pairwise(values) / values.Length;

    private static double KthSmallest(ReadOnlySpan<double> b, ReadOnlySpan<double> c, long k)
    {
        var lo = OrderedKey(c[0] - b[^1]);  // count(lo) ≥ 1 but maybe < k
        var hi = OrderedKey(c[^1] - b[0]);  // count(hi) = n·m ≥ k
        if (CountAtOrBelow(b, c, FromOrderedKey(lo)) >= k) return FromOrderedKey(lo);
        // Invariant: count(lo) < k ≤ count(hi).
        // Keys of differences of either sign span more than a long, so neither hi − lo nor lo + hi is formed.
        while (lo < hi - 1)
        {
            var mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
            if (CountAtOrBelow(b, c, FromOrderedKey(mid)) >= k) hi = mid;
            else lo = mid;
        }

        return FromOrderedKey(hi);
    }

    /// <summary>Pairs (i, j) with fl(c[j] − b[i]) ≤ d. As c[j] grows, the first baseline index whose
    /// difference is ≤ d only moves right, so one pointer serves all j.</summary>
    private static long CountAtOrBelow(ReadOnlySpan<double> b, ReadOnlySpan<double> c, double d)
    {
        long count = 0;
        var p = 0;
        for (var j = 0; j < c.Length; j++)
        {
            var cj = c[j];
            while (p < b.Length && cj - b[p] > d) p++;
            count += b.Length - p;
        }

        return count;
    }

    /// <summary>The smallest difference strictly above d: per j the largest baseline index whose
    /// difference still exceeds d, minimised over j.</summary>
    private static double SmallestAbove(ReadOnlySpan<double> b, ReadOnlySpan<double> c, double d)
    {
        var best = double.PositiveInfinity;
        var p = 0;
        for (var j = 0; j < c.Length; j++)
        {
            var cj = c[j];
            while (p < b.Length && cj - b[p] > d) p++;
            if (p > 0) best = Math.Min(best, cj - b[p - 1]);
        }

        return best;
    }

    // Doubles ordered as signed integers: non-negative bit patterns already are; negative ones are
    // mirrored. −0 and +0 share key 0, which is harmless as they are equal values.
    private static long OrderedKey(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        return bits >= 0 ? bits : -(bits & long.MaxValue);
    }

    private static double FromOrderedKey(long key) =>
        BitConverter.Int64BitsToDouble(key >= 0 ? key : -key | long.MinValue);
}
