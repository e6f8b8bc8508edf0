namespace MonitorHub.Core.Metrics;

public static class UnixTime
{
    /// <summary>Floor division that rounds towards negative infinity (C#'s / truncates).</summary>
    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    public static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

    public static long MinuteOf(long unixMs) => FloorDiv(unixMs, 60_000);
}
