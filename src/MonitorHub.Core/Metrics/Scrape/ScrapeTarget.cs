namespace MonitorHub.Core.Metrics.Scrape;

public enum ScrapeHealth
{
    /// <summary>Not scraped yet (new, edited or disabled).</summary>
    Unknown,
    Up,
    Down,
}

/// <summary>How the last scrape went: <see cref="LastError"/> says why a target is down, or why an
/// answered scrape could not be stored (a full writer queue, a series limit).</summary>
public sealed record ScrapeStatus(ScrapeHealth Health, DateTimeOffset? LastScrapeAt, string? LastError, double? LastDurationSeconds, int LastSamples)
{
    public static readonly ScrapeStatus Never = new(ScrapeHealth.Unknown, null, null, null, 0);
}

/// <summary>
/// A Prometheus endpoint MonitorHub pulls. The bearer token is not part of it: it is stored like a
/// channel secret and never leaves the store except into the scraper's request header.
/// </summary>
public sealed record ScrapeTarget(
    int Id, string Name, string Url, int IntervalSeconds, int TimeoutSeconds, int? SystemId, int? ComponentId,
    IReadOnlyList<string> Allowlist, IReadOnlyDictionary<string, string> ExtraTags, bool HasBearerToken, bool Enabled, ScrapeStatus Status)
{
    public ScrapeSettings Settings => new(Allowlist, ExtraTags);
}

/// <summary>What a client sends to create or replace a target. A null <see cref="BearerToken"/> keeps
/// the stored one on an update; an empty one removes it.</summary>
public sealed record ScrapeTargetDraft(
    string? Name, string? Url, int? IntervalSeconds, int? TimeoutSeconds, int? SystemId, int? ComponentId,
    IReadOnlyList<string>? Allowlist, IReadOnlyDictionary<string, string>? ExtraTags, string? BearerToken, bool? Enabled);

/// <summary>Field rules for scrape targets; whether the system and component exist is the store's check.</summary>
public static class ScrapeTargetValidation
{
    public const int MinIntervalSeconds = 5;
    public const int MaxIntervalSeconds = 3600;
    public const int DefaultIntervalSeconds = 15;
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxAllowlist = 200;
    public const int MaxExtraTags = 8;
    public const int MaxTokenLength = 4096;

    public static List<ValidationIssue> Validate(ScrapeTargetDraft draft)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "name", draft.Name, 100);
        if (!Uri.TryCreate(draft.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            issues.Add(new(null, "url", "Must be an absolute http(s) URL, e.g. http://triton:8002/metrics."));
        else if (uri.UserInfo.Length > 0)
            issues.Add(new(null, "url", "Must not hold credentials: put a token in bearerToken, which is never shown again."));

        var interval = draft.IntervalSeconds ?? DefaultIntervalSeconds;
        if (interval is < MinIntervalSeconds or > MaxIntervalSeconds)
            issues.Add(new(null, "intervalSeconds", $"From {MinIntervalSeconds} to {MaxIntervalSeconds} seconds."));
        var timeout = draft.TimeoutSeconds ?? Math.Min(DefaultTimeoutSeconds, interval - 1);
        if (timeout < 1 || timeout >= interval)
            issues.Add(new(null, "timeoutSeconds", "At least 1 second and shorter than the interval."));

        var allowlist = draft.Allowlist ?? [];
        if (allowlist.Count > MaxAllowlist) issues.Add(new(null, "allowlist", $"At most {MaxAllowlist} entries."));
        for (var i = 0; i < allowlist.Count && i < MaxAllowlist; i++)
        {
            var entry = allowlist[i] ?? "";
            var name = entry.EndsWith('*') ? entry[..^1] : entry;
            if (!(name.Length == 0 && entry.Length == 1) && !ExpositionParser.IsMetricName(name))
                issues.Add(new(i, "allowlist", "A Prometheus metric name, or a prefix ending in * (e.g. nv_inference_*)."));
        }

        var tags = draft.ExtraTags ?? new Dictionary<string, string>();
        if (tags.Count > MaxExtraTags) issues.Add(new(null, "extraTags", $"At most {MaxExtraTags} tags."));
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > IngestionLimits.MaxTagKeyLength || !ExpositionParser.IsMetricName(key) || key.Contains(':', StringComparison.Ordinal))
                issues.Add(new(null, "extraTags", $"'{Short(key)}' is not a tag name ([a-zA-Z_][a-zA-Z0-9_]*, at most {IngestionLimits.MaxTagKeyLength})."));
            else if (string.IsNullOrEmpty(value) || value.Length > IngestionLimits.MaxTagValueLength)
                issues.Add(new(null, $"extraTags.{key}", $"1 to {IngestionLimits.MaxTagValueLength} characters."));
        }

        if (draft.BearerToken is { } token && (token.Length > MaxTokenLength || token.Any(char.IsControl)))
            issues.Add(new(null, "bearerToken", $"At most {MaxTokenLength} characters, on one line."));
        return issues;
    }

    /// <summary>The interval and timeout a valid draft stands for (defaults filled in).</summary>
    public static (int Interval, int Timeout) Timing(ScrapeTargetDraft draft)
    {
        var interval = draft.IntervalSeconds ?? DefaultIntervalSeconds;
        return (interval, draft.TimeoutSeconds ?? Math.Min(DefaultTimeoutSeconds, interval - 1));
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
