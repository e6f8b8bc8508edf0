using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// How definitions kept as JSON columns (rules, versions, checklists, monitors, detectors) are
/// written: camelCase with enums as words, so stored rows and version diffs read like the API.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
}
