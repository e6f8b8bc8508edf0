using Google.Protobuf.Collections;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;

namespace MonitorHub.Infrastructure.Interop.Otlp;

/// <summary>
/// Tag sets already built in one export, found again by the attributes' content. An export repeats the
/// same few attribute sets across its metrics and points; building (sorting, keying) a
/// <see cref="TagSet"/> once per distinct set instead of once per point is most of what keeps OTLP at
/// least as fast as the JSON endpoint (which caches by the tags' JSON text the same way).
/// </summary>
public sealed class OtlpTagCache
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<int, List<(KeyValue[] Attributes, TagSet Tags)>> _entries = [];
    private int _count;

    public TagSet? Find(RepeatedField<KeyValue> attributes)
    {
        if (!_entries.TryGetValue(Hash(attributes), out var candidates)) return null;
        foreach (var (known, tags) in candidates)
        {
            if (SameContent(known, attributes)) return tags;
        }

        return null;
    }

    public void Add(RepeatedField<KeyValue> attributes, TagSet tags)
    {
        if (_count >= MaxEntries) return;
        var hash = Hash(attributes);
        if (!_entries.TryGetValue(hash, out var candidates)) _entries[hash] = candidates = [];
        candidates.Add((attributes.ToArray(), tags));
        _count++;
    }

    public void Clear()
    {
        _entries.Clear();
        _count = 0;
    }

    private static int Hash(RepeatedField<KeyValue> attributes)
    {
        var hash = new HashCode();
        foreach (var attribute in attributes)
        {
            hash.Add(attribute.Key);
            hash.Add(attribute.Value);
        }

        return hash.ToHashCode();
    }

    // Protobuf messages compare by value, so equal attributes in different point messages match.
    private static bool SameContent(KeyValue[] known, RepeatedField<KeyValue> attributes)
    {
        if (known.Length != attributes.Count) return false;
        for (var i = 0; i < known.Length; i++)
        {
            if (!known[i].Equals(attributes[i])) return false;
        }

        return true;
    }
}
