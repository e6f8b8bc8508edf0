using System.Buffers.Binary;

namespace MonitorHub.Infrastructure.Interop.Otlp;

/// <summary>Protobuf wire types (the low three bits of a field's tag).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// Reads protobuf fields straight from the export's bytes, without building messages. The hot part of an
/// OTLP export — metrics and their number data points — is walked with it, so a point costs no objects
/// of its own (the generated classes allocate five or six per point, see <see cref="OtlpMetricsMapper"/>).
/// Fields are handled as the generated parser handles them: unknown numbers, and known numbers with an
/// unexpected wire type, are skipped; a truncated or malformed field is a <see cref="FormatException"/>.
/// </summary>
internal ref struct OtlpWireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Where the next field starts (for remembering a place to come back to).</summary>
    public readonly int Position => _position;

    /// <summary>The next field's number and wire type; false at the end of the data.</summary>
    public bool Next(out int field, out WireType type)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            type = default;
            return false;
        }

        var tag = Varint();
        field = (int)(tag >> 3);
        type = (WireType)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue || (int)type > 5) throw new FormatException("Protocol message contained an invalid tag.");
        return true;
    }

    public ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Truncated();
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }

        throw new FormatException("Protocol message contained a malformed varint.");
    }

    public ulong Fixed64()
    {
        if (_data.Length - _position < 8) throw Truncated();
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> LengthDelimited()
    {
        var length = Varint();
        if (length > (ulong)(_data.Length - _position)) throw Truncated();
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field's value (groups, deprecated but valid, with everything inside them).</summary>
    public void Skip(int field, WireType type)
    {
        switch (type)
        {
            case WireType.Varint: Varint(); break;
            case WireType.Fixed64: Advance(8); break;
            case WireType.LengthDelimited: LengthDelimited(); break;
            case WireType.Fixed32: Advance(4); break;
            case WireType.StartGroup:
                while (true)
                {
                    if (!Next(out var inner, out var innerType)) throw Truncated();
                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != field) throw new FormatException("Protocol message contained a mismatched end-group tag.");
                        return;
                    }

                    Skip(inner, innerType);
                }

            default: throw new FormatException("Protocol message contained an unexpected end-group tag.");
        }
    }

    private void Advance(int bytes)
    {
        if (_data.Length - _position < bytes) throw Truncated();
        _position += bytes;
    }

    private static FormatException Truncated() => new("The protocol message ended in the middle of a field (truncated).");
}
