using MonitorHub.Core.Alarms;
using MonitorHub.Core.Drift.Streaming;

namespace MonitorHub.Core.Drift.Monitors;

/// <summary>
/// Alarm rules on the metrics drift monitors and detectors write: ordinary threshold rules, so drift
/// goes through the same pending → firing → acknowledged → resolved lifecycle as everything else.
/// </summary>
public static class DriftAlarms
{
    /// <summary>Dataset drift (or one feature's verdict) of the latest run: the window spans two runs so a run is always in it.</summary>
    public static AlarmRule ForMonitor(DriftMonitor monitor, string? feature, string? severity) => new()
    {
        Name = feature is null ? $"Data drift: {monitor.Name}" : $"Data drift: {monitor.Name} / {feature}",
        Description = feature is null
            ? $"Fires while the latest run of drift monitor '{monitor.Name}' finds dataset drift (drifted share ≥ {monitor.DriftShare:0.##})."
            : $"Fires while the latest run of drift monitor '{monitor.Name}' finds '{feature}' drifted.",
        Metric = feature is null ? DriftMetricKeys.DatasetDrift(monitor.Id) : DriftMetricKeys.FeatureDrifted(monitor.Id, feature),
        Aggregation = "max",
        WindowSeconds = Math.Clamp(monitor.IntervalMinutes * 60 * 2, 120, AlarmRuleValidation.MaxWindowSeconds),
        Operator = Comparison.GreaterOrEqual,
        Threshold = 1,
        Severity = Parse(severity),
        EvaluationIntervalSeconds = 60,
    };

    /// <summary>Fires for ten minutes after each detection, then resolves on its own.</summary>
    public static AlarmRule ForDetector(DetectorDefinition detector, string? severity) => new()
    {
        Name = $"{(detector.Kind == DetectorKind.Ddm ? "Concept drift" : "Change detected")}: {detector.Name}",
        Description = $"Fires for 10 minutes after each {detector.Kind} detection of '{detector.Name}'.",
        Metric = DriftMetricKeys.Detections(detector.Id),
        Aggregation = "count",
        WindowSeconds = 600,
        Operator = Comparison.GreaterThan,
        Threshold = 0,
        Severity = Parse(severity),
        EvaluationIntervalSeconds = 30,
    };

    private static Severity Parse(string? severity) => Enum.TryParse<Severity>(severity, ignoreCase: true, out var s) ? s : Severity.Warning;
}
