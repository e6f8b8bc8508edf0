using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Monitors;

/// <summary>The current window of a monitor: the last so many minutes, or the last so many predictions.</summary>
public sealed record DriftWindow(int? Minutes, int? LastPredictions)
{
    public static DriftWindow LastMinutes(int minutes) => new(minutes, null);
    public static DriftWindow Last(int predictions) => new(null, predictions);
}

/// <summary>A per-feature override of the monitor's method, threshold and effect-size floor.</summary>
public sealed record FeatureTest(string Feature, DriftMethod Method = DriftMethod.Auto, double? Threshold = null, double? Floor = null);

/// <summary>
/// A scheduled drift check of one model's features against a stored reference. Each run is kept and
/// also written as metrics (<see cref="DriftMetricKeys"/>), so an alarm rule on them goes through the
/// same lifecycle as any threshold rule.
/// </summary>
public sealed record DriftMonitor
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string Model { get; init; } = "";
    public int ReferenceId { get; init; }

    /// <summary>Features to test; empty means every feature of the reference.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
    public DriftWindow Window { get; init; } = DriftWindow.LastMinutes(60);
    public int IntervalMinutes { get; init; } = 15;
    public DriftMethod Method { get; init; } = DriftMethod.Auto;
    public MultipleTestCorrection Correction { get; init; } = MultipleTestCorrection.None;
    public double DriftShare { get; init; } = 0.5;
    public IReadOnlyList<FeatureTest> Tests { get; init; } = [];
    public bool Enabled { get; init; } = true;

    public DriftRunOptions RunOptions() => new()
    {
        DefaultMethod = Method, Correction = Correction, DriftShare = DriftShare,
        Columns = Tests.ToDictionary(t => t.Feature, t => new ColumnDriftOptions(t.Method, t.Threshold, t.Floor), StringComparer.Ordinal),
    };
}

public static class DriftMonitorValidation
{
    public const int MaxWindowMinutes = 31 * 24 * 60;
    public const int MaxWindowPredictions = 1_000_000;

    public static List<ValidationIssue> Validate(DriftMonitor m)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));
        ValidationRules.Name(issues, "name", m.Name);
        if (!PredictionLimits.IsValidModelName(m.Model)) Add("model", "Required: the model's name.");
        if (m.ReferenceId <= 0) Add("referenceId", "Required: a reference of this model (create one from a time range or a CSV).");
        if (m.Features.Count > 200) Add("features", "At most 200 features.");
        else if (m.Features.Any(string.IsNullOrWhiteSpace)) Add("features", "Feature names must not be empty.");
        switch (m.Window)
        {
            case { Minutes: { } minutes, LastPredictions: null }:
                if (minutes is < 1 or > MaxWindowMinutes) Add("window.minutes", $"Between 1 and {MaxWindowMinutes} minutes.");
                break;
            case { Minutes: null, LastPredictions: { } count }:
                if (count is < 10 or > MaxWindowPredictions) Add("window.lastPredictions", $"Between 10 and {MaxWindowPredictions} predictions.");
                break;
            default:
                Add("window", "Give either minutes (a time window) or lastPredictions (a count), not both.");
                break;
        }

        if (m.IntervalMinutes is < 1 or > 7 * 24 * 60) Add("intervalMinutes", "Between 1 and 10080 minutes.");
        if (!Enum.IsDefined(m.Method)) Add("method", "One of auto, ks, chi2, wasserstein, jensenshannon, psi, hellinger.");
        if (!Enum.IsDefined(m.Correction)) Add("correction", "One of none, bonferroni, benjamini-hochberg.");
        if (!double.IsFinite(m.DriftShare) || m.DriftShare is <= 0 or > 1) Add("driftShare", "Between 0 (exclusive) and 1.");
        foreach (var t in m.Tests)
        {
            if (!Enum.IsDefined(t.Method)) Add($"tests.{t.Feature}.method", "Unknown method.");
            if (t.Threshold is { } th && (!double.IsFinite(th) || th <= 0)) Add($"tests.{t.Feature}.threshold", "A positive finite number.");
            if (t.Floor is { } f && (!double.IsFinite(f) || f < 0)) Add($"tests.{t.Feature}.floor", "A finite number ≥ 0.");
        }

        return issues;
    }
}

/// <summary>The metrics a monitor run writes: what alarm rules on drift watch.</summary>
public static class DriftMetricKeys
{
    public static string Share(int monitorId) => $"drift.m{monitorId}.share";
    public static string DatasetDrift(int monitorId) => $"drift.m{monitorId}.dataset_drift";
    public static string FeatureDrifted(int monitorId, string feature) => $"drift.m{monitorId}.feature.{PredictionMetricKeys.Segment(feature, 80)}.drifted";
    public static string FeatureScore(int monitorId, string feature) => $"drift.m{monitorId}.feature.{PredictionMetricKeys.Segment(feature, 80)}.score";
    public static string Detections(int detectorId) => $"detector.d{detectorId}.detections";
    public static string Warnings(int detectorId) => $"detector.d{detectorId}.warnings";

    /// <summary>The samples of one run, stamped at the run's time.</summary>
    public static IReadOnlyList<MetricSample> Samples(int monitorId, DatasetDriftResult result, DateTimeOffset at)
    {
        var samples = new List<MetricSample>
        {
            new(Share(monitorId), result.DriftedShare, at, TagSet.Empty),
            new(DatasetDrift(monitorId), result.DatasetDrifted ? 1 : 0, at, TagSet.Empty),
        };
        foreach (var c in result.Columns.Where(c => c.Status == ColumnDriftStatus.Tested))
        {
            samples.Add(new(FeatureDrifted(monitorId, c.Name), c.Drifted ? 1 : 0, at, TagSet.Empty));
            if (c.Statistic is { } s && double.IsFinite(s)) samples.Add(new(FeatureScore(monitorId, c.Name), s, at, TagSet.Empty));
        }

        return samples;
    }
}
