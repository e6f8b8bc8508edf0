using System.Text.Json;
using System.Text.Json.Serialization;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Deployments;

/// <summary>One body for every ad-hoc test; which fields are read depends on <see cref="Test"/>.
/// <see cref="X"/> and <see cref="Y"/> are numbers for mannwhitney/wilcoxon and strings for kappa,
/// so they bind as raw JSON and are read by <see cref="CompareRequest.Numbers"/> / <see cref="CompareRequest.Labels"/>.</summary>
public sealed record CompareRequest(
    string? Test,
    JsonElement? X = null,
    JsonElement? Y = null,
    long? B = null,
    long? C = null,
    long? Successes1 = null,
    long? N1 = null,
    long? Successes2 = null,
    long? N2 = null,
    long? Successes = null,
    long? N = null,
    double? Confidence = null)
{
    /// <summary>Values per array; the body limit (<see cref="CompareEndpoints.BodyLimitBytes"/>) bounds the whole request.</summary>
    public const int MaxValues = 1_000_000;

    public static double[]? Numbers(JsonElement? element, string field, List<ValidationIssue> issues)
    {
        if (!IsNonEmptyArray(element, field, issues, out var array)) return null;
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            // JSON has no NaN or ∞, but 1e999 would overflow to one.
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var v) || !double.IsFinite(v))
            {
                issues.Add(new(null, field, $"Item {i} is not a finite number."));
                return null;
            }

            values[i++] = v;
        }

        return values;
    }

    public static string[]? Labels(JsonElement? element, string field, List<ValidationIssue> issues)
    {
        if (!IsNonEmptyArray(element, field, issues, out var array)) return null;
        var labels = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                issues.Add(new(null, field, $"Item {i} is not a string label."));
                return null;
            }

            labels[i++] = item.GetString()!;
        }

        return labels;
    }

    private static bool IsNonEmptyArray(JsonElement? element, string field, List<ValidationIssue> issues, out JsonElement array)
    {
        array = default;
        if (element is not { ValueKind: JsonValueKind.Array } a)
        {
            issues.Add(new(null, field, "Required: a JSON array."));
            return false;
        }

        var length = a.GetArrayLength();
        if (length == 0) issues.Add(new(null, field, "Must not be empty."));
        else if (length > MaxValues) issues.Add(new(null, field, $"At most {MaxValues:N0} values."));
        else array = a;
        return length is > 0 and <= MaxValues;
    }
}

/// <summary>Effect sizes of y relative to x (x the baseline): median of all y − x differences, and mean(y)/mean(x)
/// (null when mean(x) is 0).</summary>
public sealed record EffectDto(double HodgesLehmann, double? MeanRatio);

public sealed record IntervalDto(double Low, double High);

/// <summary>The answer of every test; fields a test does not produce are left out.</summary>
public sealed record CompareResponse(
    string Test,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Statistic = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PValue = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EffectDto? Effect = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Difference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IntervalDto? Interval = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Low = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? High = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Kappa = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Agreement = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Method = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? N1 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? N2 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? N = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);
