using System.Text.Json;

namespace MonitorHub.Core.Metrics;

/// <summary>
/// Within one batch the same few metric keys and tag sets repeat thousands of times. Matching the
/// raw JSON against ones already validated (byte comparisons, no allocation) skips re-validating,
/// re-allocating and re-sorting them for every sample.
/// </summary>
internal sealed class BatchCache
{
    private const int Capacity = 64;
    private readonly List<string> _metrics = [];
    private readonly List<TagSet> _tags = [];

    public string? FindMetric(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String) return null;
        foreach (var metric in _metrics)
        {
            if (element.ValueEquals(metric)) return metric;
        }

        return null;
    }

    public void AddMetric(string metric)
    {
        if (_metrics.Count < Capacity) _metrics.Add(metric);
    }

    /// <summary>A cached tag set equal to the object: same number of properties, each present with
    /// an equal string value. A duplicate name changes the count, so it never matches.</summary>
    public TagSet? FindTags(JsonElement element)
    {
        var count = 0;
        foreach (var _ in element.EnumerateObject()) count++;
        if (count == 0) return TagSet.Empty;

        foreach (var candidate in _tags)
        {
            if (candidate.Count != count) continue;
            var match = true;
            foreach (var (name, value) in candidate.Pairs)
            {
                if (!element.TryGetProperty(name, out var actual) || actual.ValueKind != JsonValueKind.String || !actual.ValueEquals(value))
                {
                    match = false;
                    break;
                }
            }

            if (match) return candidate;
        }

        return null;
    }

    public void AddTags(TagSet tags)
    {
        if (_tags.Count < Capacity && tags.Count > 0) _tags.Add(tags);
    }
}
