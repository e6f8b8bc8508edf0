using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Alarms;

public enum ChannelKind
{
    /// <summary>Generic JSON POST, signed with HMAC-SHA256 over the body.</summary>
    Webhook,

    /// <summary>Slack-compatible incoming webhook (<c>{"text": …}</c>).</summary>
    Slack,
}

public sealed record Channel(int Id, string Name, ChannelKind Kind, string Url, string Secret, bool Enabled)
{
    public const string SignatureHeader = "X-MonitorHub-Signature";

    public static List<ValidationIssue> Validate(Channel channel)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "name", channel.Name);
        if (!Enum.IsDefined(channel.Kind)) issues.Add(new(null, "kind", "One of webhook, slack."));
        if (!Uri.TryCreate(channel.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            issues.Add(new(null, "url", "Must be an absolute http(s) URL."));
        if (channel.Kind == ChannelKind.Webhook && channel.Secret.Length is > 0 and < 16)
            issues.Add(new(null, "secret", "At least 16 characters (or leave empty to have one generated)."));
        return issues;
    }

    /// <summary><c>sha256=</c> + hex HMAC of <c>{timestamp}.{body}</c> (Unix seconds, then the exact body
    /// bytes), so a receiver can verify origin and integrity, and refuse an old request replayed later.</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body)));
}

/// <summary>Alertmanager-style timing per (channel, rule) group.</summary>
public sealed record NotificationTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval)
{
    public static readonly NotificationTiming Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
}

public sealed record NotificationGroupState(DateTimeOffset? FirstChangeAt, DateTimeOffset? LastSentAt, string? LastFingerprint);

public static class NotificationPlanner
{
    /// <summary>
    /// Whether a group sends now. A first notification waits <c>GroupWait</c> after the first change
    /// (so alarms firing together go out together); later changes wait for <c>GroupInterval</c> since
    /// the last send; an unchanged group that still has firing alarms repeats after <c>RepeatInterval</c>.
    /// </summary>
    /// <summary>Slack reads <c>&lt;…&gt;</c> as links and mentions; these three are its escapes.</summary>
    public static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static bool ShouldSend(NotificationGroupState state, string fingerprint, bool anyFiring, DateTimeOffset now, NotificationTiming timing)
    {
        var changed = fingerprint != (state.LastFingerprint ?? "");
        if (changed)
        {
            if (state.LastSentAt is null) return state.FirstChangeAt is { } first && now - first >= timing.GroupWait;
            return now - state.LastSentAt.Value >= timing.GroupInterval && state.FirstChangeAt is { } since && now - since >= TimeSpan.Zero;
        }

        return anyFiring && state.LastSentAt is { } last && now - last >= timing.RepeatInterval;
    }

    /// <summary>What identifies the group's content: each alarm and its state.</summary>
    public static string Fingerprint(IEnumerable<(long Id, AlarmState State)> alarms) =>
        string.Join(",", alarms.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.State}"));

    /// <param name="deliveryId">Unique per notification: receivers drop a second delivery with the same id.</param>
    public static string Payload(ChannelKind kind, string ruleName, Severity severity, IReadOnlyList<NotifiedAlarm> alarms, DateTimeOffset now, string baseUrl, string deliveryId)
    {
        var firing = alarms.Count(a => a.State is AlarmState.Firing or AlarmState.Pending or AlarmState.NoData);
        var status = firing > 0 ? "firing" : "resolved";
        if (kind == ChannelKind.Slack)
        {
            // Tag values and rule names come from clients and editors: escaped, they cannot forge links or mentions.
            var lines = alarms.Select(a => $"• {a.State.ToString().ToLowerInvariant()} {(a.Tags.Count == 0 ? "" : SlackEscape(a.Tags.Key) + " ")}value {a.Value?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"} <{baseUrl}/alarms/{a.Id}|open>");
            return JsonSerializer.Serialize(new { text = $"[{status.ToUpperInvariant()}] {severity}: {SlackEscape(ruleName)}\n{string.Join("\n", lines)}" });
        }

        return JsonSerializer.Serialize(new
        {
            version = "1",
            deliveryId,
            status,
            rule = ruleName,
            severity = severity.ToString().ToLowerInvariant(),
            sentAt = now.UtcDateTime,
            alarms = alarms.Select(a => new
            {
                id = a.Id, state = a.State.ToString().ToLowerInvariant(), tags = a.Tags.ToDictionary(), value = a.Value,
                startedAt = a.StartedAt.UtcDateTime, url = $"{baseUrl}/alarms/{a.Id}",
            }),
        });
    }
}

public sealed record NotifiedAlarm(long Id, AlarmState State, TagSet Tags, double? Value, DateTimeOffset StartedAt);
