namespace MonitorHub.Web.Features.Metrics;

/// <summary>The metric page's range presets; <see cref="Custom"/> uses explicit from/to.</summary>
public sealed record RangeOption(string Label, TimeSpan? Length)
{
    public static readonly RangeOption Custom = new("Custom", null);

    public static readonly IReadOnlyList<RangeOption> All =
    [
        new("15 m", TimeSpan.FromMinutes(15)),
        new("1 h", TimeSpan.FromHours(1)),
        new("6 h", TimeSpan.FromHours(6)),
        new("24 h", TimeSpan.FromHours(24)),
        new("7 d", TimeSpan.FromDays(7)),
        Custom,
    ];
}
