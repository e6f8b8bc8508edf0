using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Security;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>
/// The canonical form of a prediction: what is stored and what its idempotency hash covers. Both are
/// computed after redaction, so a hashed feature never reaches the database in clear and a resend
/// of the same prediction hashes identically whatever order its features came in.
/// </summary>
public static class PredictionCanonical
{
    /// <summary>Applies a system's sensitive-field rules to feature names, as for metric tags: Drop
    /// removes the feature; Hash replaces its value with the keyed hash of its text (a number becomes
    /// a hashed category — the number itself may be the identifier). Missing stays missing.</summary>
    public static PredictionRecord Redact(PredictionRecord prediction, IReadOnlyList<SensitiveField> rules, Func<string, string> hash)
    {
        if (rules.Count == 0 || prediction.Features.Count == 0) return prediction;
        List<Feature>? redacted = null;
        for (var i = 0; i < prediction.Features.Count; i++)
        {
            var feature = prediction.Features[i];
            var rule = Find(rules, feature.Name);
            if (rule is null)
            {
                redacted?.Add(feature);
                continue;
            }

            redacted ??= [.. prediction.Features.Take(i)];
            if (rule.Mode == RedactionMode.Hash)
                redacted.Add(feature with { Value = feature.Value.IsMissing ? Scalar.Missing : Scalar.Of(hash(feature.Value.AsText()!)) });
        }

        return redacted is null ? prediction : prediction with { Features = redacted };
    }

    /// <summary>The features as a compact JSON object, names in ordinal order (as parsed); a missing
    /// value is kept as <c>null</c> so "sent as null" survives.</summary>
    public static string FeaturesJson(IReadOnlyList<Feature> features)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + features.Count * 24);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var feature in features) WriteScalar(writer, feature.Name, feature.Value);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>SHA-256 (first 16 bytes, hex) of the canonical JSON of every field a client sent.</summary>
    public static string ContentHash(PredictionRecord prediction)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", prediction.Id);
            writer.WriteString("model", prediction.Model);
            writer.WriteString("version", prediction.Version);
            writer.WriteNumber("timestamp", prediction.TimestampMs);
            writer.WriteStartObject("features");
            foreach (var feature in prediction.Features) WriteScalar(writer, feature.Name, feature.Value);
            writer.WriteEndObject();
            WriteScalar(writer, "output", prediction.Output);
            WriteScalar(writer, "score", prediction.Score is { } s ? Scalar.Of(s) : Scalar.Missing);
            WriteScalar(writer, "latencyMs", prediction.LatencyMs is { } l ? Scalar.Of(l) : Scalar.Missing);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan).AsSpan(0, 16));
    }

    private static void WriteScalar(Utf8JsonWriter writer, string name, Scalar value)
    {
        if (value.Text is { } text) writer.WriteString(name, text);
        else if (value.Number is { } number) writer.WriteNumber(name, number);
        else writer.WriteNull(name);
    }

    private static SensitiveField? Find(IReadOnlyList<SensitiveField> rules, string name)
    {
        foreach (var rule in rules)
        {
            if (string.Equals(rule.Name, name, StringComparison.OrdinalIgnoreCase)) return rule;
        }

        return null;
    }
}

/// <summary>
/// Deterministic sampling: the decision depends only on (model, id) and the rate, so a retried
/// batch samples exactly as the first attempt did, and a label finds its prediction stored exactly
/// when the prediction was kept.
/// </summary>
public static class PredictionSampling
{
    public static bool Keep(string model, string id, double rate)
    {
        if (rate >= 1) return true;
        if (rate <= 0) return false;
        return UnitInterval(model, id) < rate;
    }

    /// <summary>A stable value in [0, 1) from SHA-256 of "model\nid" (string.GetHashCode is
    /// randomised per process and would resample a retry differently after a restart).</summary>
    public static double UnitInterval(string model, string id)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(model + "\n" + id), hash);
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11;
        return bits / (double)(1UL << 53);
    }
}
