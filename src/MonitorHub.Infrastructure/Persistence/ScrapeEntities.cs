namespace MonitorHub.Infrastructure.Persistence;

/// <summary>A Prometheus endpoint to pull, with how its last scrape went (written by the scraper).</summary>
public sealed class ScrapeTargetEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public int IntervalSeconds { get; set; }
    public int TimeoutSeconds { get; set; }
    public int? SystemId { get; set; }
    public int? ComponentId { get; set; }

    /// <summary>JSON array of family names or prefixes ending in <c>*</c>; empty takes everything.</summary>
    public required string Allowlist { get; set; }

    /// <summary>JSON object of tags added to every scraped series.</summary>
    public required string ExtraTags { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; like a channel secret, never returned or logged.</summary>
    public string? BearerToken { get; set; }

    public bool Enabled { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }

    public int Health { get; set; }
    public long? LastScrapeAtMs { get; set; }
    public string? LastError { get; set; }
    public double? LastDurationSeconds { get; set; }
    public int LastSamples { get; set; }
}

/// <summary>A target going down or coming back up, recorded by the scraper when it happens: the
/// target row holds only the latest state, and the history must say when each change was.</summary>
public sealed class ScrapeTransitionEntity
{
    public long Id { get; set; }
    public int TargetId { get; set; }
    public long AtMs { get; set; }
    public bool Up { get; set; }

    /// <summary>Why the scrape failed, for a transition to down.</summary>
    public string? Error { get; set; }
}
