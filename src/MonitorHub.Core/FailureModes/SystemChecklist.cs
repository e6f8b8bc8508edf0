using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.FailureModes;

public enum ServingMode { Realtime, Batch }

public enum DeploymentTarget { Cloud, Edge, Browser }

public enum DataSensitivity { Public, Internal, Confidential, Regulated }

/// <summary>The seed's scale of how far a model is trusted to act, from left to right.</summary>
public enum AutomationDegree { HumanOnly, ShadowMode, AiAssistance, PartialAutomation, FullAutomation }

/// <summary>
/// The seed's software-engineering questions for one system. The metric fields say which metric
/// measures a target; when left empty the suggestions look for a fitting one by name.
/// </summary>
public sealed record SystemChecklist
{
    public ServingMode Mode { get; init; } = ServingMode.Realtime;
    public DeploymentTarget Deployment { get; init; } = DeploymentTarget.Cloud;
    public double? CpuCores { get; init; }
    public string Gpu { get; init; } = "";
    public double? MemoryGb { get; init; }
    public double? LatencyP95Ms { get; init; }
    public string? LatencyMetric { get; init; }
    public double? ThroughputQps { get; init; }
    public string? ThroughputMetric { get; init; }
    public string? CpuMetric { get; init; }
    public string LoggedData { get; init; } = "";
    public double LogSamplingRate { get; init; } = 1.0;
    public int LogRetentionDays { get; init; } = 30;
    public DataSensitivity Sensitivity { get; init; } = DataSensitivity.Internal;
    public AutomationDegree Automation { get; init; } = AutomationDegree.HumanOnly;

    /// <summary>τ: in partial automation the model decides requests whose score is at or above it.</summary>
    public double? AutomationThreshold { get; init; }
    public string Notes { get; init; } = "";
}

public sealed record SuggestedRule(string Reason, AlarmRule Rule);

public static class SystemChecklists
{
    public static List<ValidationIssue> Validate(SystemChecklist c)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));
        if (!Enum.IsDefined(c.Mode)) Add("mode", "One of realtime, batch.");
        if (!Enum.IsDefined(c.Deployment)) Add("deployment", "One of cloud, edge, browser.");
        if (!Enum.IsDefined(c.Sensitivity)) Add("sensitivity", "One of public, internal, confidential, regulated.");
        if (!Enum.IsDefined(c.Automation)) Add("automation", "One of humanOnly, shadowMode, aiAssistance, partialAutomation, fullAutomation.");
        if (c.AutomationThreshold is { } tau && !Automation.AutomationRules.IsThreshold(tau)) Add("automationThreshold", "A score threshold between 0 and 1.");
        if (c.CpuCores is { } cpu && (!double.IsFinite(cpu) || cpu <= 0 || cpu > 100_000)) Add("cpuCores", "A positive number of cores.");
        if (c.MemoryGb is { } mem && (!double.IsFinite(mem) || mem <= 0 || mem > 1_000_000)) Add("memoryGb", "A positive number of GiB.");
        if (c.Gpu.Length > 200) Add("gpu", "At most 200 characters.");
        if (c.LatencyP95Ms is { } latency && (!double.IsFinite(latency) || latency <= 0 || latency > 86_400_000)) Add("latencyP95Ms", "A positive number of milliseconds.");
        if (c.ThroughputQps is { } qps && (!double.IsFinite(qps) || qps <= 0 || qps > 1e9)) Add("throughputQps", "A positive number of queries per second.");
        foreach (var (field, key) in new[] { ("latencyMetric", c.LatencyMetric), ("throughputMetric", c.ThroughputMetric), ("cpuMetric", c.CpuMetric) })
        {
            if (!string.IsNullOrEmpty(key) && !IngestionLimits.IsValidMetricKey(key)) Add(field, "Must be a metric key ([a-z0-9_.:-]{1,128}).");
        }

        if (c.LoggedData.Length > 2000) Add("loggedData", "At most 2000 characters.");
        if (!double.IsFinite(c.LogSamplingRate) || c.LogSamplingRate is <= 0 or > 1) Add("logSamplingRate", "Between 0 (exclusive) and 1.");
        if (c.LogRetentionDays is < 1 or > 3650) Add("logRetentionDays", "Between 1 and 3650 days.");
        if (c.Notes.Length > 4000) Add("notes", "At most 4000 characters.");
        return issues;
    }

    /// <summary>
    /// Turns the targets into alarm rules a team can create with one click. Latency alarms on p95 over
    /// the target, throughput on sustained traffic above 80 % of the stated capacity (time to scale
    /// before requests queue), CPU on sustained saturation. Each carries hysteresis so it does not flap
    /// around the line.
    /// </summary>
    public static IReadOnlyList<SuggestedRule> SuggestRules(string systemName, SystemChecklist c, IReadOnlyList<MetricDefinition> systemMetrics)
    {
        var rules = new List<SuggestedRule>();
        if (c.LatencyP95Ms is { } latency && Pick(c.LatencyMetric, systemMetrics, "latency") is { } latencyMetric)
        {
            rules.Add(new($"Latency target: p95 ≤ {latency:0.##} ms", new AlarmRule
            {
                Name = $"{systemName}: p95 latency above {latency:0.##} ms", Metric = latencyMetric, Aggregation = "p95", WindowSeconds = 300,
                Operator = Comparison.GreaterThan, Threshold = latency, ClearThreshold = Math.Round(latency * 0.9, 3), ForSeconds = 120,
                Severity = c.Mode == ServingMode.Realtime ? Severity.Critical : Severity.Warning,
                Description = "Suggested from the system checklist's latency target.",
            }));
        }

        if (c.ThroughputQps is { } qps && Pick(c.ThroughputMetric, systemMetrics, "throughput", "qps", "requests") is { } qpsMetric)
        {
            rules.Add(new($"Throughput capacity: {qps:0.##} QPS", new AlarmRule
            {
                Name = $"{systemName}: traffic above 80 % of capacity", Metric = qpsMetric, Aggregation = "mean", WindowSeconds = 300,
                Operator = Comparison.GreaterThan, Threshold = Math.Round(qps * 0.8, 3), ClearThreshold = Math.Round(qps * 0.7, 3), ForSeconds = 300,
                Severity = Severity.Warning, Description = "Suggested from the system checklist's throughput target: scale before requests queue.",
            }));
        }

        if (c.CpuCores is not null && Pick(c.CpuMetric, systemMetrics, "cpu") is { } cpuMetric)
        {
            rules.Add(new("Compute: CPU saturation", new AlarmRule
            {
                Name = $"{systemName}: CPU above 85 %", Metric = cpuMetric, Aggregation = "mean", WindowSeconds = 600,
                Operator = Comparison.GreaterThan, Threshold = 85, ClearThreshold = 75, ForSeconds = 300, Severity = Severity.Warning,
                Description = "Suggested from the system checklist's compute resources.",
            }));
        }

        return rules;
    }

    /// <summary>The named metric if given, else the first of the system's software metrics whose key mentions a hint.</summary>
    private static string? Pick(string? chosen, IReadOnlyList<MetricDefinition> metrics, params string[] hints)
    {
        if (!string.IsNullOrEmpty(chosen)) return chosen;
        return metrics.Where(m => m.Category is MetricCategory.Software or MetricCategory.Unclassified)
            .FirstOrDefault(m => hints.Any(h => m.Key.Contains(h, StringComparison.OrdinalIgnoreCase)))?.Key;
    }
}
