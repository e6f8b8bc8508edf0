namespace MonitorHub.Core.Drift.Streaming;

public enum PageHinkleyMode
{
    Up,
    Down,
    Both,
}

/// <summary>river's <c>drift.PageHinkley</c> defaults.</summary>
public sealed record PageHinkleyOptions(
    int MinInstances = 30, double Delta = 0.005, double Threshold = 50.0, double Alpha = 1 - 0.0001, PageHinkleyMode Mode = PageHinkleyMode.Both);

/// <summary>Resumable detector state. MinIncrease is null until the first update (river starts at +∞,
/// which JSON cannot carry); MaxDecrease starts at −1 exactly as in river.</summary>
public sealed record PageHinkleyState(
    long Count, double Mean, double SumIncrease, double SumDecrease, double? MinIncrease, double MaxDecrease, bool DriftDetected)
{
    public static PageHinkleyState Initial { get; } = new(0, 0.0, 0.0, 0.0, null, -1, false);
}

/// <summary>Page–Hinkley change detection, a port of river's <c>drift.PageHinkley</c>: cumulative
/// deviations from the running mean with a forgetting factor, tested upwards and/or downwards.
/// After a detection the next update starts from a fresh state, as river's does.</summary>
public sealed class PageHinkley(PageHinkleyOptions? options = null, PageHinkleyState? state = null)
{
    public PageHinkleyOptions Options { get; } = options ?? new PageHinkleyOptions();

    public PageHinkleyState State { get; private set; } = state ?? PageHinkleyState.Initial;

    public bool DriftDetected => State.DriftDetected;

    /// <summary>Feeds one value; returns whether drift was detected at this value.</summary>
    public bool Update(double x)
    {
        var s = State.DriftDetected ? PageHinkleyState.Initial : State;
        var o = Options;

        // river's stats.Mean: mean += (w / n) * (x - mean) with w = 1.
        var count = s.Count + 1;
        var mean = s.Mean + (1.0 / count) * (x - s.Mean);
        var dev = x - mean;
        var sumIncrease = o.Alpha * s.SumIncrease + dev - o.Delta;
        var sumDecrease = o.Alpha * s.SumDecrease + dev + o.Delta;
        var minIncrease = s.MinIncrease is { } mi && mi <= sumIncrease ? mi : sumIncrease;
        var maxDecrease = sumDecrease > s.MaxDecrease ? sumDecrease : s.MaxDecrease;

        var drift = false;
        if (count >= o.MinInstances)
        {
            var up = sumIncrease - minIncrease > o.Threshold;
            var down = maxDecrease - sumDecrease > o.Threshold;
            drift = o.Mode switch
            {
                PageHinkleyMode.Up => up,
                PageHinkleyMode.Down => down,
                _ => up || down,
            };
        }

        State = new PageHinkleyState(count, mean, sumIncrease, sumDecrease, minIncrease, maxDecrease, drift);
        return drift;
    }
}
