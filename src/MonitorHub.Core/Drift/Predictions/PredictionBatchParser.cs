using System.Globalization;
using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Predictions;

public sealed record BatchParseResult<T>(IReadOnlyList<T> Items, IReadOnlyList<ValidationIssue> Issues, bool TooMany)
{
    public bool IsValid => Issues.Count == 0 && !TooMany;
}

/// <summary>
/// Validates a prediction-log batch item by item and reports every problem (index and field), so a
/// client fixes a whole batch in one round trip. All-or-nothing: any issue means nothing is stored.
/// </summary>
public static class PredictionBatchParser
{
    public static BatchParseResult<PredictionRecord> Parse(JsonElement root, DateTimeOffset now) =>
        BatchJson.ParseArray(root, "predictions", (item, index, issues) => ParseItem(item, index, now, issues));

    private static PredictionRecord? ParseItem(JsonElement item, int index, DateTimeOffset now, List<ValidationIssue> issues)
    {
        var before = issues.Count;
        var id = BatchJson.RequiredText(item, "id", PredictionLimits.MaxIdLength, index, issues);
        var model = BatchJson.ModelName(item, "model", index, issues);
        var version = BatchJson.OptionalText(item, "version", PredictionLimits.MaxVersionLength, index, issues) ?? "";
        var timestamp = BatchJson.Timestamp(item, "timestamp", now, index, issues);
        var features = ParseFeatures(item, index, issues);
        var output = BatchJson.ScalarValue(item, "output", index, issues, required: false);
        var score = BatchJson.OptionalNumber(item, "score", index, issues);
        var latency = BatchJson.OptionalNumber(item, "latencyMs", index, issues);
        if (latency < 0) issues.Add(new(index, "latencyMs", "Must not be negative."));
        var role = PredictionRole.Live;
        if (item.TryGetProperty("role", out var roleElement) && roleElement.ValueKind != JsonValueKind.Null)
        {
            if (roleElement.ValueKind == JsonValueKind.String && PredictionRoles.Parse(roleElement.GetString()) is { } parsed) role = parsed;
            else issues.Add(new(index, "role", "Must be \"live\", \"shadow\" or \"human\"."));
        }

        return issues.Count == before ? new PredictionRecord(id!, model!, version, timestamp, features, output, score, latency, role) : null;
    }

    private static Feature[] ParseFeatures(JsonElement item, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty("features", out var element) || element.ValueKind == JsonValueKind.Null) return [];
        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(index, "features", "Must be an object of feature name to number, string or null."));
            return [];
        }

        var features = new List<Feature>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var field = "features." + name;
            if (name.Length is 0 or > PredictionLimits.MaxFeatureNameLength)
            {
                issues.Add(new(index, "features", $"Feature names must be 1 to {PredictionLimits.MaxFeatureNameLength} characters."));
                continue;
            }

            if (!names.Add(name))
            {
                issues.Add(new(index, field, "Appears more than once."));
                continue;
            }

            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    features.Add(new(name, Scalar.Missing));
                    break;
                case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                    features.Add(new(name, Scalar.Of(number)));
                    break;
                case JsonValueKind.String when value.GetString()!.Length <= PredictionLimits.MaxTextLength:
                    features.Add(new(name, Scalar.Of(value.GetString()!)));
                    break;
                case JsonValueKind.String:
                    issues.Add(new(index, field, $"Must be at most {PredictionLimits.MaxTextLength} characters."));
                    break;
                default:
                    issues.Add(new(index, field, "Must be a finite number (numeric), a string (categorical) or null (missing)."));
                    break;
            }
        }

        if (names.Count > PredictionLimits.MaxFeatures)
            issues.Add(new(index, "features", $"At most {PredictionLimits.MaxFeatures} features are allowed."));

        features.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. features];
    }
}

/// <summary>Parses <c>POST /api/v1/labels</c>: <c>{"labels":[{"predictionId","model","label"}]}</c>.</summary>
public static class LabelBatchParser
{
    public static BatchParseResult<LabelRecord> Parse(JsonElement root) =>
        BatchJson.ParseArray(root, "labels", ParseItem);

    private static LabelRecord? ParseItem(JsonElement item, int index, List<ValidationIssue> issues)
    {
        var before = issues.Count;
        var id = BatchJson.RequiredText(item, "predictionId", PredictionLimits.MaxIdLength, index, issues);
        var model = BatchJson.ModelName(item, "model", index, issues);
        var label = BatchJson.ScalarValue(item, "label", index, issues, required: true);
        return issues.Count == before ? new LabelRecord(id!, model!, label) : null;
    }
}

/// <summary>Field readers shared by the prediction and label parsers; each adds a field-named issue.</summary>
internal static class BatchJson
{
    public delegate T? ItemParser<T>(JsonElement item, int index, List<ValidationIssue> issues) where T : class;

    public static BatchParseResult<T> ParseArray<T>(JsonElement root, string name, ItemParser<T> parseItem) where T : class
    {
        var issues = new List<ValidationIssue>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new(null, name, $"The body must be an object with a '{name}' array."));
            return new([], issues, false);
        }

        var length = array.GetArrayLength();
        if (length > PredictionLimits.MaxPerBatch) return new([], [], true);
        if (length == 0)
        {
            issues.Add(new(null, name, $"'{name}' must contain at least one item."));
            return new([], issues, false);
        }

        var items = new List<T>(length);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                issues.Add(new(index, "item", "Each item must be a JSON object."));
            else if (parseItem(item, index, issues) is { } parsed)
                items.Add(parsed);
            index++;
        }

        return issues.Count == 0 ? new(items, issues, false) : new([], issues, false);
    }

    public static string? RequiredText(JsonElement item, string field, int maxLength, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new(index, field, "Required."));
            return null;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (string.IsNullOrEmpty(text) || text.Length > maxLength)
        {
            issues.Add(new(index, field, $"Must be a string of 1 to {maxLength} characters."));
            return null;
        }

        return text;
    }

    public static string? OptionalText(JsonElement item, string field, int maxLength, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null) return null;
        if (element.ValueKind != JsonValueKind.String || element.GetString()!.Length > maxLength)
        {
            issues.Add(new(index, field, $"Must be a string of at most {maxLength} characters."));
            return null;
        }

        return element.GetString();
    }

    public static string? ModelName(JsonElement item, string field, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new(index, field, "Required."));
            return null;
        }

        var name = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (!PredictionLimits.IsValidModelName(name))
        {
            issues.Add(new(index, field, $"Must match [A-Za-z0-9_.-]{{1,{PredictionLimits.MaxModelNameLength}}}."));
            return null;
        }

        return name;
    }

    public static double? OptionalNumber(JsonElement item, string field, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null) return null;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            issues.Add(new(index, field, "Must be a finite number."));
            return null;
        }

        return value;
    }

    /// <summary>A string (class) or a number (regression); null or absent is missing.</summary>
    public static Scalar ScalarValue(JsonElement item, string field, int index, List<ValidationIssue> issues, bool required)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required) issues.Add(new(index, field, "Required."));
            return Scalar.Missing;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                return Scalar.Of(number);
            case JsonValueKind.String when element.GetString()!.Length <= PredictionLimits.MaxTextLength:
                return Scalar.Of(element.GetString()!);
            default:
                issues.Add(new(index, field, $"Must be a string (class) of at most {PredictionLimits.MaxTextLength} characters or a finite number."));
                return Scalar.Missing;
        }
    }

    /// <summary>Required; ISO-8601 text (no offset means UTC) or a number of Unix milliseconds.</summary>
    public static long Timestamp(JsonElement item, string field, DateTimeOffset now, int index, List<ValidationIssue> issues)
    {
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new(index, field, "Required."));
            return 0;
        }

        DateTimeOffset timestamp;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetInt64(out var ms) || ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                issues.Add(new(index, field, "A numeric timestamp must be whole Unix milliseconds."));
                return 0;
            }

            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        else if (element.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture,
                     DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            issues.Add(new(index, field, "Must be an ISO-8601 date and time (e.g. 2026-11-26T10:00:00Z) or Unix milliseconds."));
            return 0;
        }

        if (timestamp > now + PredictionLimits.MaxFutureSkew)
            issues.Add(new(index, field, "Must not be more than one hour in the future."));
        else if (timestamp.Year < 2000)
            issues.Add(new(index, field, "Must not be before the year 2000."));
        return timestamp.ToUnixTimeMilliseconds();
    }
}
