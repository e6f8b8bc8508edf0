using System.Text.Json;
using System.Text.Json.Serialization;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Infrastructure.Cluster;

/// <summary>Samples committed on node <paramref name="Node"/>.</summary>
public sealed record LiveMessage(string Node, IReadOnlyList<StoredSample> Samples);

/// <summary>Alarms that changed on node <paramref name="Node"/>.</summary>
public sealed record AlarmMessage(string Node, IReadOnlyList<AlarmView> Alarms);

/// <summary>A deployment that changed on node <paramref name="Node"/>.</summary>
public sealed record DeploymentMessage(string Node, DeploymentChange Change);

/// <summary>A cache (one of <see cref="CacheNames"/>) invalidated on node <paramref name="Node"/>.</summary>
public sealed record InvalidationMessage(string Node, string Cache);

/// <summary>Source-generated (no reflection on the hot path), short property names: a burst of samples is
/// one message per feed interval and its size is mostly tags and numbers.</summary>
// Named floating-point literals: a judgement's score or a statistic may be NaN or infinite, which must not drop the message.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(TagSetJsonConverter)], NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LiveMessage))]
[JsonSerializable(typeof(AlarmMessage))]
[JsonSerializable(typeof(InvalidationMessage))]
[JsonSerializable(typeof(DeploymentMessage))]
internal sealed partial class ClusterJson : JsonSerializerContext;

/// <summary>A tag set travels as its canonical key, which <see cref="TagSet.Parse"/> reads back losslessly.</summary>
internal sealed class TagSetJsonConverter : JsonConverter<TagSet>
{
    public override TagSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TagSet.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, TagSet value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
}
