using System.Buffers.Binary;
using Google.Protobuf;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;

namespace MonitorHub.Infrastructure.Interop.Otlp;

/// <summary>
/// Tag sets already built in one export, found again by their attributes' encoded bytes. An export
/// repeats the same few attribute sets across its metrics and points; building (decoding, sorting,
/// keying) a <see cref="TagSet"/> once per distinct set instead of once per point is much of what keeps
/// OTLP at least as fast as the JSON endpoint (which caches by the tags' JSON text the same way). A
/// lookup builds its key in a reused buffer — <see cref="Begin"/>, <see cref="Append(ReadOnlySpan{byte})"/>
/// per attribute, <see cref="Find"/> — so a point whose set is known allocates nothing.
/// </summary>
public sealed class OtlpTagCache
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<int, List<(byte[] Key, TagSet Tags)>> _entries = [];
    private byte[] _key = new byte[256];
    private int _length;
    private int _count;

    /// <summary>Starts the key of the next point's attributes.</summary>
    public void Begin() => _length = 0;

    /// <summary>Adds one attribute as it is encoded on the wire (a KeyValue message's bytes).</summary>
    public void Append(ReadOnlySpan<byte> encoded)
    {
        // Each attribute is prefixed with its length, so two lists never run together into one key.
        Reserve(4 + encoded.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_key.AsSpan(_length), encoded.Length);
        encoded.CopyTo(_key.AsSpan(_length + 4));
        _length += 4 + encoded.Length;
    }

    /// <summary>Adds one attribute of a parsed message (histogram and summary points), encoded here.</summary>
    public void Append(KeyValue attribute)
    {
        var size = attribute.CalculateSize();
        Reserve(4 + size);
        BinaryPrimitives.WriteInt32LittleEndian(_key.AsSpan(_length), size);
        attribute.WriteTo(_key.AsSpan(_length + 4, size));
        _length += 4 + size;
    }

    /// <summary>The tag set built for the same attribute bytes earlier in this export, if any.</summary>
    public TagSet? Find()
    {
        if (!_entries.TryGetValue(Hash(), out var candidates)) return null;
        var key = _key.AsSpan(0, _length);
        foreach (var (known, tags) in candidates)
        {
            if (key.SequenceEqual(known)) return tags;
        }

        return null;
    }

    /// <summary>Remembers <paramref name="tags"/> for the key built since <see cref="Begin"/>.</summary>
    public void Add(TagSet tags)
    {
        if (_count >= MaxEntries) return;
        var hash = Hash();
        if (!_entries.TryGetValue(hash, out var candidates)) _entries[hash] = candidates = [];
        candidates.Add((_key.AsSpan(0, _length).ToArray(), tags));
        _count++;
    }

    public void Clear()
    {
        _entries.Clear();
        _count = 0;
    }

    private int Hash()
    {
        var hash = new HashCode();
        hash.AddBytes(_key.AsSpan(0, _length));
        return hash.ToHashCode();
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes <= _key.Length) return;
        Array.Resize(ref _key, Math.Max(_key.Length * 2, _length + bytes));
    }
}
