namespace MonitorHub.Core.FailureModes;

/// <summary>What a rule contributed over the coverage period: alarms opened and on-call's verdicts.</summary>
public sealed record RuleActivity(int RuleId, string Name, string Metric, int AlarmsInPeriod, int Verdicts, int NoiseVerdicts)
{
    public double? NoiseRate => Verdicts == 0 ? null : (double)NoiseVerdicts / Verdicts;
}

public sealed record UncoveredMetric(string Key, string DisplayName, IReadOnlyList<int> FailureModeIds);

/// <summary>A metric a failure mode names that has not reported yet: brainstorming comes before instrumentation.</summary>
public sealed record PlannedMetric(string Key, IReadOnlyList<int> FailureModeIds);

public sealed record CoverageReport(
    IReadOnlyList<FailureMode> FailureModesWithoutMetric,
    IReadOnlyList<UncoveredMetric> MetricsWithoutRule,
    IReadOnlyList<RuleActivity> RulesNeverFired,
    IReadOnlyList<RuleActivity> NoisyRules,
    int FailureModes,
    int Metrics,
    int Rules)
{
    /// <summary>Keys failure modes name that no sample has created yet; each turns into a normal metric when its first sample arrives.</summary>
    public IReadOnlyList<PlannedMetric> PlannedMetrics { get; init; } = [];
}

/// <summary>
/// Gaps in the monitoring: failure modes nobody measures, metrics nobody alarms on, rules that have
/// stayed silent for the whole period (dead or mis-set), and rules on-call keeps calling noise.
/// </summary>
public static class Coverage
{
    /// <summary>A rule is noisy when at least half of on-call's verdicts say so.</summary>
    public const double NoisyRate = 0.5;

    public static CoverageReport Compute(
        IReadOnlyList<FailureMode> failureModes,
        IReadOnlyList<(string Key, string DisplayName)> metrics,
        IReadOnlyList<RuleActivity> rules)
    {
        var ruledMetrics = rules.Select(r => r.Metric).ToHashSet(StringComparer.Ordinal);
        var modesByMetric = failureModes.SelectMany(f => f.MetricKeys.Select(k => (k, f.Id)))
            .GroupBy(x => x.k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(x => x.Id).Distinct()], StringComparer.Ordinal);
        var uncovered = metrics.Where(m => !ruledMetrics.Contains(m.Key))
            .Select(m => new UncoveredMetric(m.Key, m.DisplayName, modesByMetric.GetValueOrDefault(m.Key) ?? []))
            // Metrics named by a failure mode come first: someone already said they matter.
            .OrderByDescending(m => m.FailureModeIds.Count > 0).ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var reporting = metrics.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var planned = modesByMetric.Where(p => !reporting.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PlannedMetric(p.Key, p.Value)).ToList();
        return new CoverageReport(
            [.. failureModes.Where(f => f.MetricKeys.Count == 0 && f.Status != FailureModeStatus.AcceptedRisk).OrderByDescending(f => f.Risk).ThenBy(f => f.Id)],
            uncovered,
            [.. rules.Where(r => r.AlarmsInPeriod == 0).OrderBy(r => r.Name, StringComparer.Ordinal)],
            [.. rules.Where(r => r.NoiseRate >= NoisyRate).OrderByDescending(r => r.NoiseRate).ThenBy(r => r.Name, StringComparer.Ordinal)],
            failureModes.Count, metrics.Count, rules.Count) { PlannedMetrics = planned };
    }
}
