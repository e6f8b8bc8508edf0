using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MonitorHub.Infrastructure;

/// <summary>The <c>MonitorHub</c> section of appsettings.json; validated at start-up.</summary>
public sealed class MonitorHubOptions
{
    public const string SectionName = "MonitorHub";

    /// <summary>Folder for monitorhub.db and the Hangfire store; relative paths are resolved
    /// against the folder holding appsettings.json.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Address people reach MonitorHub at, used for links in notifications.</summary>
    [Required]
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>Start the Voice-search simulator that pushes through the HTTP API.</summary>
    public bool Demo { get; set; }

    /// <summary>The store's engine: SQLite (default) or PostgreSQL.</summary>
    [Required]
    public Persistence.DatabaseOptions Database { get; set; } = new();

    [Required, ValidateObjectMembers]
    public RetentionOptions Retention { get; set; } = new();

    [Required, ValidateObjectMembers]
    public IngestionOptions Ingestion { get; set; } = new();

    [Required, ValidateObjectMembers]
    public NotificationOptions Notifications { get; set; } = new();

    [Required, ValidateObjectMembers]
    public IncidentOptions Incidents { get; set; } = new();

    [Required, ValidateObjectMembers]
    public AutomationOptions Automation { get; set; } = new();

    [Required, ValidateObjectMembers]
    public BootstrapOptions Bootstrap { get; set; } = new();

    [Required, ValidateObjectMembers]
    public SecurityOptions Security { get; set; } = new();

    [Required, ValidateObjectMembers]
    public LimitsOptions Limits { get; set; } = new();

    [Required, ValidateObjectMembers]
    public OtlpOptions Otlp { get; set; } = new();

    public ScrapeOptions Scrape { get; set; } = new();

    [Required, ValidateObjectMembers]
    public MetricsEndpointOptions Metrics { get; set; } = new();

    public RedisOptions Redis { get; set; } = new();
}

/// <summary>The OpenTelemetry (<c>POST /v1/metrics</c>) and Prometheus remote-write (<c>POST /api/v1/write</c>) receivers.</summary>
public sealed class OtlpOptions
{
    public static readonly IReadOnlyList<string> DefaultResourceAttributes = ["service.name", "service.version", "service.instance.id", "deployment.environment"];

    /// <summary>Resource attributes that become tags of every point (all others, e.g. host or SDK details, are
    /// dropped so they do not multiply series). Null means <see cref="DefaultResourceAttributes"/>; an
    /// empty list keeps none. (Null rather than a pre-filled list: the configuration binder appends to lists.)</summary>
    public List<string>? ResourceAttributes { get; set; }

    public IReadOnlyList<string> EffectiveResourceAttributes => ResourceAttributes ?? DefaultResourceAttributes;

    /// <summary>Largest request body after gzip decompression (413 beyond it).</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Cumulative series whose last point the server remembers to turn them into increments, per kind
    /// (sums, histograms, exponential histograms, summaries); past it the least recently seen are forgotten.</summary>
    [Range(100, 10_000_000)]
    public int MaxTrackedSeries { get; set; } = 100_000;
}

/// <summary>Pulling Prometheus endpoints (scrape targets).</summary>
public sealed class ScrapeOptions
{
    /// <summary>Run the scraper; off, targets can still be edited but nothing is pulled.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest body one scrape may return (after decompression).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most sample lines one scrape may hold; more refuses the scrape (the target is down).</summary>
    [Range(1, 1_000_000)]
    public int MaxSamplesPerScrape { get; set; } = 50_000;
}

/// <summary>MonitorHub's own <c>/metrics</c>.</summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>Addresses or CIDR networks that may scrape <c>/metrics</c> without a key (e.g. the
    /// Prometheus server's address); everyone else needs a key or a session with the read permission.</summary>
    public List<string> AnonymousFrom { get; set; } = [];
}

/// <summary>Cardinality bounds: one client sending unique tag values must not grow memory, the
/// database and every query without limit.</summary>
public sealed class LimitsOptions
{
    /// <summary>Distinct tag sets one metric may have.</summary>
    [Range(1, 10_000_000)]
    public int MaxSeriesPerMetric { get; set; } = 10_000;

    /// <summary>Distinct (metric, tag set) series in all.</summary>
    [Range(1, 10_000_000)]
    public int MaxSeries { get; set; } = 200_000;
}

public sealed class BootstrapOptions
{
    /// <summary>Password for the <c>admin</c> user created on first start; generated and logged once if empty.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>When set, a token with every scope, accepted as <c>Authorization: Bearer</c> or <c>X-Api-Key</c>.</summary>
    [MinLength(16)]
    public string? AdminToken { get; set; }
}

public sealed class SecurityOptions
{
    /// <summary>Base64 key for hashing sensitive fields; generated into the data folder if empty (SQLite only:
    /// on PostgreSQL it is required, see <see cref="HashKeyMessage"/>).</summary>
    public string? HashKey { get; set; }

    public const string HashKeyMessage =
        "MonitorHub:Security:HashKey is required when MonitorHub:Database:Provider is PostgreSQL: every node must hash sensitive " +
        "tag values with the same key, so it is set (the same on every node) rather than generated per node. " +
        "A base64 key of at least 16 bytes, e.g. from: openssl rand -base64 32";

    /// <summary>Whether <see cref="HashKey"/> is a base64 key of at least 16 bytes.</summary>
    public bool HasValidHashKey()
    {
        if (string.IsNullOrWhiteSpace(HashKey)) return false;
        var bytes = new byte[HashKey.Length];
        return Convert.TryFromBase64String(HashKey.Trim(), bytes, out var length) && length >= 16;
    }

    /// <summary>Ingestion requests per second per API key (token bucket; bursts up to twice this).</summary>
    [Range(1, 100_000)]
    public int IngestRequestsPerSecond { get; set; } = 200;

    /// <summary>Addresses or CIDR networks that notification channels may reach although they are
    /// loopback, link-local or private (e.g. "10.1.2.3", "10.0.0.0/8").</summary>
    public List<string> AllowedPrivateTargets { get; set; } = [];

    /// <summary>Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For/-Proto are trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>How often open tabs and hub connections re-check that their user is still allowed in.</summary>
    [Range(1, 3600)]
    public int RevalidateSeconds { get; set; } = 60;

    /// <summary>Sign-in attempts per minute per client address.</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;
}

public sealed class RetentionOptions
{
    [Range(1, 3650)]
    public int RawDays { get; set; } = 7;

    [Range(1, 3650)]
    public int RollupDays { get; set; } = 400;

    /// <summary>Days the five-minute rollups are kept, between <see cref="RollupDays"/> and
    /// <see cref="HourlyDays"/>; unset, as long as the minute rollups (so a configuration written before
    /// the tier existed stays valid).</summary>
    [Range(1, 3650)]
    public int? FiveMinuteDays { get; set; }

    public int EffectiveFiveMinuteDays => FiveMinuteDays ?? RollupDays;

    /// <summary>Days the hourly rollups are kept; at least <see cref="RollupDays"/> and <see cref="FiveMinuteDays"/>.</summary>
    [Range(1, 3650)]
    public int HourlyDays { get; set; } = 800;
}

public sealed class IngestionOptions
{
    /// <summary>Batches waiting for the writer before new ones are answered 429.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Samples the writer commits in one transaction at most (group commit).</summary>
    [Range(100, 1_000_000)]
    public int MaxSamplesPerCommit { get; set; } = 50_000;
}

public sealed class AutomationOptions
{
    /// <summary>A critical alarm firing on a system's metric moves the system one degree of automation down.</summary>
    public bool DemoteOnCritical { get; set; } = true;

    /// <summary>Days of paired shadow predictions and labelled decisions the evidence and the τ curve read.</summary>
    [Range(1, 365)]
    public int EvidenceDays { get; set; } = 14;
}

public sealed class NotificationOptions
{
    /// <summary>Wait after a group's first change before its first notification.</summary>
    [Range(0, 3600)]
    public int GroupWaitSeconds { get; set; } = 30;

    /// <summary>Minimum time between notifications of a group that keeps changing.</summary>
    [Range(0, 86400)]
    public int GroupIntervalSeconds { get; set; } = 300;

    /// <summary>Re-send an unchanged group that still has firing alarms after this long.</summary>
    [Range(60, 7 * 86400)]
    public int RepeatIntervalSeconds { get; set; } = 4 * 3600;
}

public sealed class IncidentOptions
{
    /// <summary>Alarms opening within this many minutes of each other on connected components are one incident.</summary>
    [Range(1, 24 * 60)]
    public int WindowMinutes { get; set; } = 10;
}
