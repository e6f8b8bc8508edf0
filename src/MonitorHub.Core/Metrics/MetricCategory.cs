namespace MonitorHub.Core.Metrics;

/// <summary>The seed's metric families; <see cref="Unclassified"/> marks keys first seen on ingestion.</summary>
public enum MetricCategory
{
    Unclassified = 0,
    Software = 1,
    Input = 2,
    Output = 3,
    Performance = 4,
    Custom = 5,
}
