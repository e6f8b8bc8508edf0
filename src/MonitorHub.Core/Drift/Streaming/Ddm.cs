namespace MonitorHub.Core.Drift.Streaming;

/// <summary>river's <c>drift.binary.DDM</c> defaults: warm-up 30, warning at 2σ, drift at 3σ.</summary>
public sealed record DdmOptions(int WarmStart = 30, double WarningThreshold = 2.0, double DriftThreshold = 3.0);

/// <summary>Resumable DDM state; the minima are null until the warm-up ends (river keeps +∞).</summary>
public sealed record DdmState(long Count, double ErrorRate, double? PMin, double? SMin, double? PsMin, bool WarningDetected, bool DriftDetected)
{
    public static DdmState Initial { get; } = new(0, 0.0, null, null, null, false, false);
}

/// <summary>Drift Detection Method (Gama et al. 2004) on a stream of errors (true = error), a port of
/// river's <c>DDM</c>: track the error rate p and s = sqrt(p(1−p)/n), remember the (p, s) where p + s
/// was smallest, warn when p + s &gt; p_min + 2·s_min and signal drift above p_min + 3·s_min; the
/// update after a drift starts from a fresh state.</summary>
public sealed class Ddm(DdmOptions? options = null, DdmState? state = null)
{
    public DdmOptions Options { get; } = options ?? new DdmOptions();

    public DdmState State { get; private set; } = state ?? DdmState.Initial;

    public bool DriftDetected => State.DriftDetected;

    public bool WarningDetected => State.WarningDetected;

    /// <summary>Feeds one outcome; returns whether drift was detected at this outcome.</summary>
    public bool Update(bool error)
    {
        var s = State.DriftDetected ? DdmState.Initial : State;
        var o = Options;
        var n = s.Count + 1;
        var p = s.ErrorRate + (1.0 / n) * ((error ? 1.0 : 0.0) - s.ErrorRate);
        var sd = Math.Sqrt(p * (1 - p) / n);
        double? pMin = s.PMin, sMin = s.SMin, psMin = s.PsMin;
        bool warning = s.WarningDetected, drift = false;

        if (n > o.WarmStart)
        {
            if (psMin is null || p + sd <= psMin)
            {
                pMin = p;
                sMin = sd;
                psMin = p + sd;
            }

            warning = p + sd > pMin + o.WarningThreshold * sMin;
            if (p + sd > pMin + o.DriftThreshold * sMin)
            {
                drift = true;
                warning = false;
            }
        }

        State = new DdmState(n, p, pMin, sMin, psMin, warning, drift);
        return drift;
    }
}
