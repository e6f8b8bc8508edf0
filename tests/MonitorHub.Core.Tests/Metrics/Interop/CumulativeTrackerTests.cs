using MonitorHub.Core.Metrics.Interop;

namespace MonitorHub.Core.Tests.Metrics.Interop;

public sealed class CumulativeTrackerTests
{
    private static CumulativeTracker<CounterValue> Counters(int capacity = 100) => new(capacity, CounterValue.Subtract);

    private static double? Feed(CumulativeTracker<CounterValue> tracker, string key, ulong start, double total)
    {
        var change = tracker.Observe(key, start, new CounterValue(total));
        tracker.Commit(change);
        return change.Increment?.Total;
    }

    [Fact]
    public void FirstPoint_OnlyPrimes_ThenIncrementsFollow()
    {
        var tracker = Counters();
        Assert.Null(Feed(tracker, "a", 1, 10));
        Assert.Equal(5, Feed(tracker, "a", 1, 15));
        Assert.Equal(0, Feed(tracker, "a", 1, 15));
        Assert.Equal(7, Feed(tracker, "a", 1, 22));
    }

    [Fact]
    public void NewStartTime_IsAReset_WholeValueCounts()
    {
        var tracker = Counters();
        Feed(tracker, "a", 1, 10);
        var change = tracker.Observe("a", 2, new CounterValue(30));
        Assert.Equal(CumulativeOutcome.Reset, change.Outcome);
        Assert.Equal(30, change.Increment!.Total);
    }

    [Fact]
    public void FallingValue_WithoutStartTime_IsAReset()
    {
        var tracker = Counters();
        Feed(tracker, "a", 0, 10);
        Assert.Equal(3, Feed(tracker, "a", 0, 3));
        Assert.Equal(1, Feed(tracker, "a", 0, 4));
    }

    [Fact]
    public void UncommittedPoint_LeavesStateUnchanged_SoARetryCountsOnce()
    {
        var tracker = Counters();
        Feed(tracker, "a", 1, 10);
        var refused = tracker.Observe("a", 1, new CounterValue(15));
        Assert.Equal(5, refused.Increment!.Total);
        // Not committed (the request was answered 429); the retry sees the same increment.
        Assert.Equal(5, Feed(tracker, "a", 1, 15));
        Assert.Equal(0, Feed(tracker, "a", 1, 15));
    }

    [Fact]
    public void SeriesPastCapacity_AreForgotten_OldestFirst()
    {
        var tracker = Counters(capacity: 10);
        for (var i = 0; i < 11; i++) Feed(tracker, $"s{i}", 1, 1);
        Assert.True(tracker.Count <= 10);
        // The oldest series primes again; the newest still yields increments.
        Assert.Null(Feed(tracker, "s0", 1, 5));
        Assert.Equal(1, Feed(tracker, "s10", 1, 2));
    }

    [Fact]
    public void CountSum_ResetsOnFallingCount_NotOnFallingSum()
    {
        Assert.Equal(new CountSum(2, -5), CountSum.Subtract(new CountSum(12, 5), new CountSum(10, 10)));
        Assert.Null(CountSum.Subtract(new CountSum(9, 50), new CountSum(10, 10)));
    }
}
