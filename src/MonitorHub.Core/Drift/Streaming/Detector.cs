using System.Text.Json;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Streaming;

public enum DetectorKind
{
    /// <summary>Sudden shifts of a mean (river defaults; the threshold is in the stream's units).</summary>
    PageHinkley,

    /// <summary>Adaptive windowing: also catches gradual change.</summary>
    Adwin,

    /// <summary>Drift detection method on a stream of errors (concept drift from delayed labels).</summary>
    Ddm,
}

/// <summary>What a detector reads: a metric's raw samples, a model feature, or the model's labelled errors.</summary>
public enum DetectorSource { Metric, Feature, Errors }

public sealed record DetectorDefinition
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public DetectorKind Kind { get; init; }
    public DetectorSource Source { get; init; }
    public string? Metric { get; init; }
    public string? Model { get; init; }
    public string? Feature { get; init; }

    /// <summary>Page–Hinkley's threshold (stream units; river's default 50). Ignored by the others.</summary>
    public double? Threshold { get; init; }

    /// <summary>ADWIN's confidence δ (default 0.002) or Page–Hinkley's δ (default 0.005).</summary>
    public double? Delta { get; init; }
    public bool Enabled { get; init; } = true;
}

/// <summary>A detection (or, for DDM, a warning) at the time of the value that triggered it.</summary>
public sealed record DetectorSignal(DateTimeOffset At, string Kind, double Value);

public static class Detectors
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<ValidationIssue> Validate(DetectorDefinition d)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string reason) => issues.Add(new(null, field, reason));
        ValidationRules.Name(issues, "name", d.Name);
        if (!Enum.IsDefined(d.Kind)) Add("kind", "One of pageHinkley, adwin, ddm.");
        if (!Enum.IsDefined(d.Source)) Add("source", "One of metric, feature, errors.");
        if (d.Kind == DetectorKind.Ddm && d.Source != DetectorSource.Errors) Add("source", "DDM reads the labelled error stream: use source 'errors'.");
        if (d.Source == DetectorSource.Errors && d.Kind != DetectorKind.Ddm && d.Kind != DetectorKind.Adwin) Add("kind", "The error stream takes DDM or ADWIN.");
        if (d.Source == DetectorSource.Metric && !IngestionLimits.IsValidMetricKey(d.Metric)) Add("metric", "Required for source 'metric': a metric key.");
        if (d.Source is DetectorSource.Feature or DetectorSource.Errors && !PredictionLimits.IsValidModelName(d.Model)) Add("model", "Required: the model's name.");
        if (d.Source == DetectorSource.Feature && string.IsNullOrWhiteSpace(d.Feature)) Add("feature", "Required for source 'feature': a numeric feature.");
        if (d.Threshold is { } t && (!double.IsFinite(t) || t <= 0)) Add("threshold", "A positive finite number.");
        if (d.Delta is { } delta && (!double.IsFinite(delta) || delta <= 0 || delta >= 1)) Add("delta", "Between 0 and 1 (exclusive).");
        return issues;
    }

    /// <summary>
    /// Feeds values in time order to a detector resumed from <paramref name="state"/> (JSON, null for a
    /// fresh one); returns the new state and the signals raised. Pure, so the job can persist the state
    /// in the same transaction as the cursor and the next run continues exactly where this one ended.
    /// </summary>
    public static (string State, IReadOnlyList<DetectorSignal> Signals) Feed(DetectorDefinition d, string? state, IEnumerable<(DateTimeOffset At, double Value)> values)
    {
        var signals = new List<DetectorSignal>();
        switch (d.Kind)
        {
            case DetectorKind.PageHinkley:
            {
                var options = new PageHinkleyOptions(Delta: d.Delta ?? 0.005, Threshold: d.Threshold ?? 50.0);
                var ph = new PageHinkley(options, state is null ? null : JsonSerializer.Deserialize<PageHinkleyState>(state, Json));
                foreach (var (at, v) in values)
                {
                    if (ph.Update(v)) signals.Add(new(at, "drift", v));
                }

                return (JsonSerializer.Serialize(ph.State, Json), signals);
            }

            case DetectorKind.Adwin:
            {
                var adwin = new Adwin(new AdwinOptions(Delta: d.Delta ?? 0.002), state is null ? null : JsonSerializer.Deserialize<AdwinState>(state, Json));
                foreach (var (at, v) in values)
                {
                    if (adwin.Update(v)) signals.Add(new(at, "drift", v));
                }

                return (JsonSerializer.Serialize(adwin.State, Json), signals);
            }

            default:
            {
                var ddm = new Ddm(null, state is null ? null : JsonSerializer.Deserialize<DdmState>(state, Json));
                foreach (var (at, v) in values)
                {
                    var warned = ddm.WarningDetected;
                    if (ddm.Update(v != 0)) signals.Add(new(at, "drift", v));
                    else if (ddm.WarningDetected && !warned) signals.Add(new(at, "warning", v));
                }

                return (JsonSerializer.Serialize(ddm.State, Json), signals);
            }
        }
    }
}
