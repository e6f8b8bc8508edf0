using System.Globalization;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// A batch would create series past a cardinality limit; nothing of it was stored. Existing series
/// keep flowing: only batches that add series past the limit are refused.
/// </summary>
public sealed class SeriesLimitExceededException : Exception
{
    public SeriesLimitExceededException(string metric, int existing, int limit, string setting, int? sampleIndex)
        : base(Describe(metric, existing, limit, setting))
    {
        Metric = metric;
        Limit = limit;
        Setting = setting;
        SampleIndex = sampleIndex;
    }

    public SeriesLimitExceededException()
        : this("", 0, 0, "", null)
    {
    }

    public SeriesLimitExceededException(string message)
        : base(message)
    {
        Metric = "";
        Setting = "";
    }

    public SeriesLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Metric = "";
        Setting = "";
    }

    private static string Describe(string metric, int existing, int limit, string setting) =>
        setting.EndsWith("PerMetric", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture,
                $"Metric '{metric}' has {existing:N0} series; this batch would add more, past {setting} ({limit:N0}). Samples of its existing series are still accepted.")
            : string.Create(CultureInfo.InvariantCulture,
                $"MonitorHub holds {existing:N0} series; this batch would add more (for '{metric}'), past {setting} ({limit:N0}). Samples of existing series are still accepted.");

    public string Metric { get; }
    public int Limit { get; }
    public string Setting { get; }

    /// <summary>The first sample of the batch that would have created a series past the limit.</summary>
    public int? SampleIndex { get; }
}

/// <summary>
/// The store could not commit (disk full, I/O error, database unreachable) or MonitorHub is shutting
/// down. Nothing of the request was stored; the client should retry later (503 with Retry-After).
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : this("The store is unavailable.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
