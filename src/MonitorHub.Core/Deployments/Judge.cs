namespace MonitorHub.Core.Deployments;

/// <summary>Turns both arms' data for a window into verdicts. Pure: no clock, no I/O.</summary>
public static class Judge
{
    /// <summary>Judges every pair (each metric overall and per slice) against the spec.</summary>
    public static JudgeResult Evaluate(AnalysisSpec spec, IReadOnlyList<ArmPair> pairs) =>
        throw new NotImplementedException("Implemented by the statistics work (issue 12).");
}
