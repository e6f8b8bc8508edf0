using System.Security.Cryptography;
using System.Text;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

/// <summary>
/// Metric keys derived from a model's predictions, e.g. <c>model.asr.feature.input_volume.mean</c>.
/// Metric keys are <c>[a-z0-9_.:-]{1,128}</c> while model and feature names are freer, so each name
/// segment is lower-cased, other characters become '_', and a segment that would not fit is cut
/// and suffixed with a short hash of the full name so distinct long names stay distinct. (Model
/// names that differ only in case therefore share their metrics.)
/// </summary>
public static class PredictionMetricKeys
{
    /// <summary>Room for the model segment; the rest of 128 is left for feature names.</summary>
    public const int MaxModelSegment = 48;

    public static string Model(string model, string stat) => $"model.{ModelSegment(model)}.{stat}";

    public static string Feature(string model, string feature, string stat)
    {
        var prefix = $"model.{ModelSegment(model)}.feature.";
        var room = IngestionLimits.MaxMetricKeyLength - prefix.Length - stat.Length - 1;
        return prefix + Segment(feature, room) + "." + stat;
    }

    public static string ModelSegment(string model) => Segment(model, MaxModelSegment);

    internal static string Segment(string name, int maxLength)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var lower = char.ToLowerInvariant(c);
            builder.Append(lower is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.' ? lower : '_');
        }

        // A '.' inside a name would look like a key separator; keep keys parseable by readers.
        builder.Replace('.', '_');
        if (builder.Length <= maxLength) return builder.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 4));
        return builder.ToString(0, maxLength - hash.Length - 1) + "-" + hash;
    }
}
