using MonitorHub.Core.Metrics;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>Series of a metric by tag pair: a rule's candidates come from its most selective tag
/// filter, so 10 000 per-host rules on one metric stay linear.</summary>
internal sealed class SeriesTagIndex
{
    private readonly List<TagSet> _series;
    private readonly Dictionary<(string, string), List<int>> _byTag = [];
    private readonly List<int> _all;

    public SeriesTagIndex(List<TagSet> series)
    {
        _series = series;
        _all = [.. Enumerable.Range(0, series.Count)];
        for (var i = 0; i < series.Count; i++)
        {
            foreach (var pair in series[i].Pairs)
            {
                if (!_byTag.TryGetValue((pair.Key, pair.Value), out var list)) _byTag[(pair.Key, pair.Value)] = list = [];
                list.Add(i);
            }
        }
    }

    public IEnumerable<int> Matching(IReadOnlyDictionary<string, string> filter)
    {
        var candidates = filter.Count == 0 ? _all : filter.Select(t => _byTag.GetValueOrDefault((t.Key, t.Value)) ?? []).MinBy(l => l.Count)!;
        return candidates.Where(i => _series[i].Matches(filter));
    }
}
