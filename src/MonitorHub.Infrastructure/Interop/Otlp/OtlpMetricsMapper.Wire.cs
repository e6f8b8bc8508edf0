using System.Text;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics;
using OtlpMetric = MonitorHub.Infrastructure.Interop.Otlp.Proto.Metrics.Metric;
using OtlpResource = MonitorHub.Infrastructure.Interop.Otlp.Proto.Resource.Resource;

namespace MonitorHub.Infrastructure.Interop.Otlp;

// The export walked in its binary encoding (field numbers from the vendored metrics.proto). Gauges and
// sums — nearly every point an SDK sends — are mapped straight from their bytes: the generated classes
// would allocate a point, its attribute list, each KeyValue, AnyValue and both strings, five to seven
// objects per point that live until the mapping is done and push collections that pause the single
// writer. Everything else (resources, scopes, histograms, summaries) is handed to the generated parser
// slice by slice, and mapped as before.
public sealed partial class OtlpMetricsMapper
{
    private const int GaugeField = 5;
    private const int SumField = 7;

    /// <returns>The data points of this ResourceMetrics.</returns>
    private long MapResourceMetrics(ReadOnlySpan<byte> bytes, PointContext context)
    {
        // The resource may follow its metrics in the bytes: find it first (repeated, it merges, like the generated parser).
        OtlpResource? resource = null;
        var reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                var encoded = reader.LengthDelimited();
                if (resource is null) resource = OtlpResource.Parser.ParseFrom(encoded);
                else resource.MergeFrom(OtlpResource.Parser.ParseFrom(encoded));
            }
            else
            {
                reader.Skip(field, type);
            }
        }

        context.Resource = ResourcePairs(resource);
        long points = 0;
        reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (field == 2 && type == WireType.LengthDelimited) points += MapScopeMetrics(reader.LengthDelimited(), context);
            else reader.Skip(field, type);
        }

        return points;
    }

    private long MapScopeMetrics(ReadOnlySpan<byte> bytes, PointContext context)
    {
        long points = 0;
        var reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (type != WireType.LengthDelimited) reader.Skip(field, type);
            // The scope adds nothing to tags, but a malformed one is a malformed export.
            else if (field == 1) InstrumentationScope.Parser.ParseFrom(reader.LengthDelimited());
            else if (field == 2) points += MapMetricBytes(reader.LengthDelimited(), context);
            else reader.Skip(field, type);
        }

        return points;
    }

    private long MapMetricBytes(ReadOnlySpan<byte> bytes, PointContext context)
    {
        // The data is a oneof: a later case replaces an earlier one, the same case again merges with it.
        // So only the fields of the last case, from where that case last took over, count.
        ReadOnlySpan<byte> name = default;
        var data = 0;
        var dataFrom = 0;
        var reader = new OtlpWireReader(bytes);
        while (true)
        {
            var at = reader.Position;
            if (!reader.Next(out var field, out var type)) break;
            if (type == WireType.LengthDelimited && field == 1) name = reader.LengthDelimited();
            else if (type == WireType.LengthDelimited && field is GaugeField or SumField or 9 or 10 or 11)
            {
                if (field != data) (data, dataFrom) = (field, at);
                reader.LengthDelimited();
            }
            else reader.Skip(field, type);
        }

        if (data is not (GaugeField or SumField))
        {
            var metric = OtlpMetric.Parser.ParseFrom(bytes);
            MapMetric(metric, context);
            return PointCount(metric);
        }

        return MapNumbers(Encoding.UTF8.GetString(name), bytes[dataFrom..], data, context);
    }

    /// <summary>A gauge's or sum's points, from the metric's bytes where its data starts.</summary>
    private long MapNumbers(string name, ReadOnlySpan<byte> bytes, int data, PointContext context)
    {
        long points = 0;
        var temporality = AggregationTemporality.Unspecified;
        var monotonic = false;
        var reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (field != data || type != WireType.LengthDelimited)
            {
                reader.Skip(field, type);
                continue;
            }

            var inner = new OtlpWireReader(reader.LengthDelimited());
            while (inner.Next(out var innerField, out var innerType))
            {
                if (innerField == 1 && innerType == WireType.LengthDelimited) { inner.LengthDelimited(); points++; }
                else if (data == SumField && innerField == 2 && innerType == WireType.Varint) temporality = (AggregationTemporality)(int)inner.Varint();
                else if (data == SumField && innerField == 3 && innerType == WireType.Varint) monotonic = inner.Varint() != 0;
                else inner.Skip(innerField, innerType);
            }
        }

        if (!InteropNames.TryMetricKey(name, "", out var key, out var reason))
        {
            context.Batch.Reject(reason!, points);
            return points;
        }

        if (monotonic && temporality == AggregationTemporality.Unspecified)
        {
            context.Batch.Reject($"'{name}': aggregation_temporality must be set.", points);
            return points;
        }

        // A monotonic cumulative sum is turned into increments; a gauge, a delta sum or a non-monotonic sum is stored as is.
        var cumulative = monotonic && temporality == AggregationTemporality.Cumulative ? _counters : null;
        reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (field != data || type != WireType.LengthDelimited)
            {
                reader.Skip(field, type);
                continue;
            }

            var inner = new OtlpWireReader(reader.LengthDelimited());
            while (inner.Next(out var innerField, out var innerType))
            {
                if (innerField == 1 && innerType == WireType.LengthDelimited) MapNumber(key, inner.LengthDelimited(), cumulative, context);
                else inner.Skip(innerField, innerType);
            }
        }

        return points;
    }

    /// <summary>One NumberDataPoint from its bytes: a sample of its value, or of its increment for a cumulative counter.</summary>
    private static void MapNumber(string key, ReadOnlySpan<byte> point, CumulativeTracker<CounterValue>? cumulative, PointContext context)
    {
        ulong start = 0, time = 0;
        uint flags = 0;
        var valueField = 0;
        ulong valueBits = 0;
        var attributes = context.Attributes;
        attributes.Clear();
        var reader = new OtlpWireReader(point);
        while (reader.Next(out var field, out var type))
        {
            switch (field)
            {
                case 2 when type == WireType.Fixed64: start = reader.Fixed64(); break;
                case 3 when type == WireType.Fixed64: time = reader.Fixed64(); break;
                case 4 or 6 when type == WireType.Fixed64: (valueField, valueBits) = (field, reader.Fixed64()); break;
                case 7 when type == WireType.LengthDelimited:
                    var attribute = reader.LengthDelimited();
                    attributes.Add((reader.Position - attribute.Length, attribute.Length));
                    break;
                case 8 when type == WireType.Varint: flags = (uint)reader.Varint(); break;
                default: reader.Skip(field, type); break;
            }
        }

        if (!TryTime(key, time, flags, context, out var timestamp) || !TryTags(key, point, context, out var tags)) return;
        double value;
        switch (valueField)
        {
            case 4:
                value = BitConverter.UInt64BitsToDouble(valueBits);
                break;
            case 6:
                value = (long)valueBits;
                break;
            default:
                context.Batch.Reject($"'{key}': a data point has no value (as_double or as_int).");
                return;
        }

        if (!double.IsFinite(value))
        {
            context.Batch.Reject($"'{key}': values must be finite numbers.");
            return;
        }

        if (cumulative is null)
        {
            context.Batch.Samples.Add(new MetricSample(key, value, timestamp, tags));
            return;
        }

        var change = cumulative.Observe(SeriesKey(key, tags), start, new CounterValue(value));
        context.Batch.AfterCommit.Add(() => cumulative.Commit(change));
        if (change.Increment is { } increment) context.Batch.Samples.Add(new MetricSample(key, increment.Total, timestamp, tags));
    }

    /// <summary>The tags of a point whose attributes lie at <see cref="PointContext.Attributes"/> in its bytes.</summary>
    private static bool TryTags(string key, ReadOnlySpan<byte> point, PointContext context, out TagSet tags)
    {
        context.Tags.Begin();
        foreach (var (start, length) in context.Attributes) context.Tags.Append(point.Slice(start, length));
        if (context.Tags.Find() is { } known)
        {
            tags = known;
            return true;
        }

        var pairs = new List<KeyValuePair<string, string>>(context.Resource.Count + context.Attributes.Count);
        pairs.AddRange(context.Resource);
        foreach (var (start, length) in context.Attributes)
        {
            var attribute = KeyValue.Parser.ParseFrom(point.Slice(start, length));
            pairs.Add(new(attribute.Key, OtlpAttributes.Text(attribute.Value)));
        }

        return TryBuildTags(key, pairs, context, out tags);
    }

    /// <summary>
    /// The data points in an export's bytes, counted without mapping (every data field of every metric:
    /// a oneof replaced within a metric may count twice — this only sizes the sample list).
    /// </summary>
    private static long CountPoints(ReadOnlySpan<byte> export) => CountIn(export, depth: 0);

    // Depth 0 export → 1 resource metrics → 2 scope metrics → 3 metric → 4 gauge, sum, histogram…: its field 1 is a point.
    private static long CountIn(ReadOnlySpan<byte> bytes, int depth)
    {
        long points = 0;
        var reader = new OtlpWireReader(bytes);
        while (reader.Next(out var field, out var type))
        {
            if (type != WireType.LengthDelimited)
            {
                reader.Skip(field, type);
                continue;
            }

            var inner = reader.LengthDelimited();
            var descend = depth switch
            {
                0 => field == 1,
                1 or 2 => field == 2,
                3 => field is GaugeField or SumField or 9 or 10 or 11,
                _ => false,
            };
            if (descend) points += CountIn(inner, depth + 1);
            else if (depth == 4 && field == 1) points++;
        }

        return points;
    }
}
