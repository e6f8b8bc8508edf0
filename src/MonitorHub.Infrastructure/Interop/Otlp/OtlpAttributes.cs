using System.Globalization;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Common;

namespace MonitorHub.Infrastructure.Interop.Otlp;

/// <summary>OTLP attribute values as tag text.</summary>
internal static class OtlpAttributes
{
    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        // Arrays and maps have no tag form of their own; their OTLP JSON text keeps them distinct.
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.ToString(),
        AnyValue.ValueOneofCase.KvlistValue => value.KvlistValue.ToString(),
        _ => "",
    };

    public static void AddTo(List<KeyValuePair<string, string>> pairs, IEnumerable<KeyValue> attributes)
    {
        foreach (var attribute in attributes) pairs.Add(new(attribute.Key, Text(attribute.Value)));
    }
}
