using Prometheus;

namespace MonitorHub.Infrastructure.Observability;

/// <summary>
/// MonitorHub's own metrics, served at <c>/metrics</c>. Each app instance owns its registry (not
/// prometheus-net's static default), so several hosts in one process — the test suites start dozens —
/// never share or double-register a counter. Code points take this from DI; where a caller builds a
/// service by hand without it, nothing is recorded.
/// </summary>
public sealed class ServiceMetrics
{
    // Commits take from a fraction of a millisecond to seconds when the disk stalls.
    private static readonly double[] CommitBuckets = Histogram.ExponentialBuckets(0.0005, 2, 14);
    private static readonly double[] RunBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);

    public ServiceMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        IngestionRequests = factory.CreateCounter("monitorhub_ingestion_requests_total",
            "Ingestion requests answered, by endpoint and HTTP status code.", "endpoint", "code");
        IngestionSamples = factory.CreateCounter("monitorhub_ingestion_samples_total",
            "Samples received by ingestion: accepted (committed) or rejected, by reason.", "outcome", "reason");
        WriterQueueDepth = factory.CreateGauge("monitorhub_writer_queue_depth", "Requests waiting for the single writer.");
        CommitSeconds = factory.CreateHistogram("monitorhub_writer_commit_seconds", "Time one group commit of the writer took.",
            new HistogramConfiguration { Buckets = CommitBuckets });
        RuleEvaluationSeconds = factory.CreateHistogram("monitorhub_rule_evaluation_seconds", "Time one evaluation cycle of due rules took.",
            new HistogramConfiguration { Buckets = RunBuckets });
        RuleEvaluationLagSeconds = factory.CreateGauge("monitorhub_rule_evaluation_lag_seconds",
            "In the last cycle, how long the most overdue rule had been due before it was evaluated.");
        Alarms = factory.CreateGauge("monitorhub_alarms", "Open alarms (not resolved), by state and severity.", "state", "severity");
        NotificationDeliveries = factory.CreateCounter("monitorhub_notification_deliveries_total",
            "Notification delivery attempts, by outcome (delivered, retrying, failed).", "outcome");
        DriftRunSeconds = factory.CreateHistogram("monitorhub_drift_monitor_run_seconds", "Time one drift monitor run took.",
            new HistogramConfiguration { Buckets = RunBuckets });
        DetectorRunSeconds = factory.CreateHistogram("monitorhub_detector_run_seconds", "Time one pass of the streaming detectors took.",
            new HistogramConfiguration { Buckets = RunBuckets });
        JobFailures = factory.CreateCounter("monitorhub_job_failures_total", "Background (Hangfire) job runs that failed, by job.", "job");
        Scrapes = factory.CreateCounter("monitorhub_scrapes_total", "Scrapes of scrape targets, by outcome (up, down).", "outcome");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public Counter IngestionRequests { get; }
    public Counter IngestionSamples { get; }
    public Gauge WriterQueueDepth { get; }
    public Histogram CommitSeconds { get; }
    public Histogram RuleEvaluationSeconds { get; }
    public Gauge RuleEvaluationLagSeconds { get; }
    public Gauge Alarms { get; }
    public Counter NotificationDeliveries { get; }
    public Histogram DriftRunSeconds { get; }
    public Histogram DetectorRunSeconds { get; }
    public Counter JobFailures { get; }
    public Counter Scrapes { get; }

    /// <summary>Counts samples refused at ingestion (the reason is a short snake_case word).</summary>
    public void Rejected(string reason, int samples) => IngestionSamples.WithLabels("rejected", reason).Inc(samples);

    public void Accepted(int samples) => IngestionSamples.WithLabels("accepted", "").Inc(samples);
}

public static class HistogramTiming
{
    /// <summary>Observes the time until disposal (prometheus-net's timer, without importing its
    /// namespace, whose static <c>Metrics</c> class collides with ours).</summary>
    public static IDisposable Time(this Histogram histogram) => histogram.NewTimer();
}
