using System.Globalization;
using System.Text.Json;

namespace MonitorHub.Core.Metrics;

public sealed record SampleBatchParseResult(
    IReadOnlyList<MetricSample> Samples,
    IReadOnlyList<ValidationIssue> Issues,
    bool TooManySamples)
{
    public bool IsValid => Issues.Count == 0 && !TooManySamples;
}

/// <summary>
/// Validates a metrics batch item by item and reports every problem, not just the first, so a
/// client can fix a whole batch in one round trip. A batch is all-or-nothing: any issue means no
/// sample of it may be stored.
/// </summary>
public static class SampleBatchParser
{
    public static SampleBatchParseResult Parse(JsonElement root, DateTimeOffset now)
    {
        var issues = new List<ValidationIssue>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("samples", out var samples))
        {
            issues.Add(new(null, "samples", "The body must be an object with a 'samples' array."));
            return new([], issues, false);
        }

        if (samples.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new(null, "samples", "'samples' must be an array."));
            return new([], issues, false);
        }

        var length = samples.GetArrayLength();
        if (length > IngestionLimits.MaxSamplesPerBatch)
        {
            return new([], [], true);
        }

        if (length == 0)
        {
            issues.Add(new(null, "samples", "'samples' must contain at least one sample."));
            return new([], issues, false);
        }

        var parsed = new List<MetricSample>(length);
        var cache = new BatchCache();
        var index = 0;
        foreach (var item in samples.EnumerateArray())
        {
            var sample = ParseItem(item, index, now, issues, cache);
            if (sample is not null) parsed.Add(sample);
            index++;
        }

        return issues.Count == 0 ? new(parsed, issues, false) : new([], issues, false);
    }

    private static MetricSample? ParseItem(JsonElement item, int index, DateTimeOffset now, List<ValidationIssue> issues, BatchCache cache)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(index, "sample", "Each sample must be a JSON object."));
            return null;
        }

        var before = issues.Count;
        var metric = ParseMetric(item, index, issues, cache);
        var value = ParseValue(item, index, issues);
        var timestamp = ParseTimestamp(item, index, now, issues);
        var tags = ParseTags(item, index, issues, cache);
        return issues.Count == before ? new MetricSample(metric!, value, timestamp, tags) : null;
    }

    private static string? ParseMetric(JsonElement item, int index, List<ValidationIssue> issues, BatchCache cache)
    {
        if (!item.TryGetProperty("metric", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new(index, "metric", "Required."));
            return null;
        }

        if (cache.FindMetric(element) is { } known) return known;

        var key = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (!IngestionLimits.IsValidMetricKey(key))
        {
            issues.Add(new(index, "metric", $"Must match [a-z0-9_.:-]{{1,{IngestionLimits.MaxMetricKeyLength}}}."));
            return null;
        }

        if (IngestionLimits.IsReserved(key!))
        {
            issues.Add(new(index, "metric", IngestionLimits.ReservedReason));
            return null;
        }

        cache.AddMetric(key!);
        return key;
    }

    private static double ParseValue(JsonElement item, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty("value", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new(index, "value", "Required."));
            return 0;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            issues.Add(new(index, "value", "Must be a finite number."));
            return 0;
        }

        return value;
    }

    private static DateTimeOffset ParseTimestamp(JsonElement item, int index, DateTimeOffset now, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty("timestamp", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return now;
        }

        if (element.ValueKind != JsonValueKind.String || !TryParseTimestamp(element, out var timestamp))
        {
            issues.Add(new(index, "timestamp", "Must be an ISO-8601 date and time, e.g. 2026-11-26T10:00:00Z."));
            return now;
        }

        if (IngestionLimits.TimestampProblem(timestamp, now) is { } problem) issues.Add(new(index, "timestamp", problem));

        return timestamp;
    }

    /// <summary>ISO-8601 via the JSON reader's allocation-free parser; a time without an offset is UTC.</summary>
    private static bool TryParseTimestamp(JsonElement element, out DateTimeOffset timestamp)
    {
        if (element.TryGetDateTime(out var dateTime))
        {
            switch (dateTime.Kind)
            {
                case DateTimeKind.Utc:
                    timestamp = new DateTimeOffset(dateTime, TimeSpan.Zero);
                    return true;
                case DateTimeKind.Unspecified:
                    timestamp = new DateTimeOffset(dateTime, TimeSpan.Zero);
                    return true;
            }

            // An explicit offset: keep the instant.
            if (element.TryGetDateTimeOffset(out timestamp))
            {
                timestamp = timestamp.ToUniversalTime();
                return true;
            }
        }

        return DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    private static TagSet ParseTags(JsonElement item, int index, List<ValidationIssue> issues, BatchCache cache)
    {
        if (!item.TryGetProperty("tags", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return TagSet.Empty;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(index, "tags", "Must be an object of string values."));
            return TagSet.Empty;
        }

        if (cache.FindTags(element) is { } known) return known;

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.Length is 0 or > IngestionLimits.MaxTagKeyLength)
            {
                issues.Add(new(index, "tags", $"Tag names must be 1 to {IngestionLimits.MaxTagKeyLength} characters."));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                issues.Add(new(index, $"tags.{name}", "Must be a string."));
                continue;
            }

            if (pairs.Exists(p => p.Key == name))
            {
                issues.Add(new(index, $"tags.{name}", "Appears more than once."));
                continue;
            }

            var value = property.Value.GetString()!;
            if (value.Length > IngestionLimits.MaxTagValueLength)
            {
                issues.Add(new(index, $"tags.{name}", $"Must be at most {IngestionLimits.MaxTagValueLength} characters."));
                continue;
            }

            pairs.Add(new(name, value));
        }

        if (pairs.Count > IngestionLimits.MaxTags)
        {
            issues.Add(new(index, "tags", $"At most {IngestionLimits.MaxTags} tags are allowed."));
        }

        var tags = TagSet.From(pairs);
        cache.AddTags(tags);
        return tags;
    }
}
