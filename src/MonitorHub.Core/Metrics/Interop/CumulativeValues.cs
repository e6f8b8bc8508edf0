namespace MonitorHub.Core.Metrics.Interop;

/// <summary>A monotonic counter's running total.</summary>
public sealed record CounterValue(double Total)
{
    /// <summary>The increment, or null when the total fell (a reset).</summary>
    public static CounterValue? Subtract(CounterValue current, CounterValue previous) =>
        current.Total < previous.Total ? null : new(current.Total - previous.Total);
}

/// <summary>A summary's (or histogram's) running count and sum; the count decides resets, since a sum of
/// negative observations may fall legitimately.</summary>
public sealed record CountSum(double Count, double Sum)
{
    public static CountSum? Subtract(CountSum current, CountSum previous) =>
        current.Count < previous.Count ? null : new(current.Count - previous.Count, current.Sum - previous.Sum);
}
