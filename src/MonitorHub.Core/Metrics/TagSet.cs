using System.Text;

namespace MonitorHub.Core.Metrics;

/// <summary>
/// An immutable, canonically ordered tag set. Its <see cref="Key"/> identifies a series together
/// with the metric key, so two samples with the same tags in different order land in one series.
/// </summary>
public sealed class TagSet : IEquatable<TagSet>
{
    public static readonly TagSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private TagSet(KeyValuePair<string, string>[] sortedPairs)
    {
        _pairs = sortedPairs;
        Key = BuildKey(sortedPairs);
    }

    public string Key { get; }
    public int Count => _pairs.Length;
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public static TagSet From(IEnumerable<KeyValuePair<string, string>> tags)
    {
        var pairs = tags.ToArray();
        if (pairs.Length == 0) return Empty;
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSet(pairs);
    }

    /// <summary>Parses a <see cref="Key"/> back; keys and values are escaped so this is lossless.</summary>
    public static TagSet Parse(string key)
    {
        if (string.IsNullOrEmpty(key)) return Empty;
        var pairs = new List<KeyValuePair<string, string>>();
        var name = new StringBuilder();
        var value = new StringBuilder();
        var target = name;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\' && i + 1 < key.Length)
            {
                target.Append(key[++i]);
            }
            else if (c == '=' && target == name)
            {
                target = value;
            }
            else if (c == ',')
            {
                pairs.Add(new(name.ToString(), value.ToString()));
                name.Clear();
                value.Clear();
                target = name;
            }
            else
            {
                target.Append(c);
            }
        }

        pairs.Add(new(name.ToString(), value.ToString()));
        return From(pairs);
    }

    public bool Matches(IReadOnlyDictionary<string, string> filter)
    {
        foreach (var (name, expected) in filter)
        {
            if (!TryGet(name, out var actual) || actual != expected) return false;
        }

        return true;
    }

    public bool TryGet(string name, out string value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public Dictionary<string, string> ToDictionary() => _pairs.ToDictionary(p => p.Key, p => p.Value);

    public override string ToString() => Key;
    public bool Equals(TagSet? other) => other is not null && other.Key == Key;
    public override bool Equals(object? obj) => Equals(obj as TagSet);
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    private static string BuildKey(KeyValuePair<string, string>[] pairs)
    {
        if (pairs.Length == 0) return string.Empty;
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (builder.Length > 0) builder.Append(',');
            Escape(builder, name);
            builder.Append('=');
            Escape(builder, value);
        }

        return builder.ToString();
    }

    private static void Escape(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            if (c is ',' or '=' or '\\') builder.Append('\\');
            builder.Append(c);
        }
    }
}
