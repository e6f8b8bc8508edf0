namespace MonitorHub.Core.Drift;

/// <summary>
/// Compact binary form of a <see cref="ReferenceProfile"/> for storage: a million sorted doubles are
/// 8 MB here against ~20 MB as JSON, and reading them back needs no parsing.
/// </summary>
public static class ReferenceProfileSerializer
{
    private const int Version = 1;

    public static byte[] Serialize(ReferenceProfile profile)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Version);
            w.Write(profile.Columns.Length);
            foreach (var c in profile.Columns)
            {
                w.Write(c.Name);
                w.Write((byte)c.Kind);
                if (c.Kind == ColumnKind.Numeric)
                {
                    var n = c.Numeric!;
                    w.Write(n.Count);
                    w.Write(n.PopulationStd);
                    w.Write(n.UniqueCount);
                    w.Write(n.SortedValues.Length);
                    foreach (var v in n.SortedValues) w.Write(v);
                }
                else
                {
                    var k = c.Categorical!;
                    w.Write(k.Categories.Length);
                    for (var i = 0; i < k.Categories.Length; i++)
                    {
                        w.Write(k.Categories[i]);
                        w.Write(k.Counts[i]);
                    }
                }
            }
        }

        return stream.ToArray();
    }

    public static ReferenceProfile Deserialize(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        if (r.ReadInt32() != Version) throw new InvalidDataException("Unknown reference profile version.");
        var columns = new ColumnProfile[r.ReadInt32()];
        for (var i = 0; i < columns.Length; i++)
        {
            var name = r.ReadString();
            var kind = (ColumnKind)r.ReadByte();
            if (kind == ColumnKind.Numeric)
            {
                var (count, std, unique) = (r.ReadInt64(), r.ReadDouble(), r.ReadInt32());
                var values = new double[r.ReadInt32()];
                for (var j = 0; j < values.Length; j++) values[j] = r.ReadDouble();
                columns[i] = new ColumnProfile(name, kind, new NumericProfile(values, count, std, unique), null);
            }
            else
            {
                var categories = new string[r.ReadInt32()];
                var counts = new long[categories.Length];
                for (var j = 0; j < categories.Length; j++) (categories[j], counts[j]) = (r.ReadString(), r.ReadInt64());
                columns[i] = new ColumnProfile(name, kind, null, new CategoricalProfile(categories, counts));
            }
        }

        return new ReferenceProfile(columns);
    }
}
