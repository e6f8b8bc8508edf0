namespace MonitorHub.Core.Metrics.Interop;

/// <summary>
/// How names from OpenTelemetry and Prometheus become MonitorHub metric keys and tags, so one
/// instrument lands in one series whichever way it arrives. Metric keys follow
/// <see cref="IngestionLimits.IsValidMetricKey"/> (<c>[a-z0-9_.:-]{1,128}</c>): ASCII letters are
/// lower-cased, dots, digits, '_', ':' and '-' are kept, every other character becomes '_'
/// (<c>http.server.request.duration</c> stays, <c>MyApp/Latency ms</c> becomes <c>myapp_latency_ms</c>).
/// Tag names and values are kept as sent, within the same limits as <c>/api/v1/metrics</c>.
/// </summary>
public static class InteropNames
{
    /// <summary>The metric key for <paramref name="name"/> (plus a suffix such as ".count"), or a reason it cannot be one.</summary>
    public static bool TryMetricKey(string name, string suffix, out string key, out string? reason)
    {
        key = "";
        if (string.IsNullOrEmpty(name))
        {
            reason = "The metric name is empty.";
            return false;
        }

        if (name.Length + suffix.Length > IngestionLimits.MaxMetricKeyLength)
        {
            reason = $"'{Shorten(name)}' is longer than {IngestionLimits.MaxMetricKeyLength} characters.";
            return false;
        }

        key = string.Create(name.Length + suffix.Length, (name, suffix), static (span, state) =>
        {
            var (n, s) = state;
            for (var i = 0; i < n.Length; i++) span[i] = Map(n[i]);
            s.AsSpan().CopyTo(span[n.Length..]);
        });
        if (IngestionLimits.IsReserved(key))
        {
            reason = $"'{key}': " + IngestionLimits.ReservedReason;
            return false;
        }

        reason = null;
        return true;
    }

    private static char Map(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or ':' or '-' => c,
        _ => '_',
    };

    /// <summary>
    /// Builds a tag set within the ingestion limits (at most <see cref="IngestionLimits.MaxTags"/> tags,
    /// names of 1–64 and values of at most 256 characters). A later pair with the same name replaces an
    /// earlier one, so data-point attributes override resource attributes added first.
    /// </summary>
    public static TagSet? TryTags(List<KeyValuePair<string, string>> pairs, out string? reason)
    {
        reason = null;
        if (pairs.Count > 1)
        {
            // Walk from the end so the last pair of a name wins; the common case has no duplicates.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = pairs.Count - 1; i >= 0; i--)
            {
                if (!seen.Add(pairs[i].Key)) pairs.RemoveAt(i);
            }
        }

        if (pairs.Count > IngestionLimits.MaxTags)
        {
            reason = $"At most {IngestionLimits.MaxTags} tags (attributes) are allowed; got {pairs.Count}.";
            return null;
        }

        foreach (var (name, value) in pairs)
        {
            if (name.Length is 0 or > IngestionLimits.MaxTagKeyLength)
            {
                reason = $"Tag names must be 1 to {IngestionLimits.MaxTagKeyLength} characters ('{Shorten(name)}').";
                return null;
            }

            if (value.Length > IngestionLimits.MaxTagValueLength)
            {
                reason = $"Tag '{name}' must be at most {IngestionLimits.MaxTagValueLength} characters.";
                return null;
            }
        }

        return TagSet.From(pairs);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
