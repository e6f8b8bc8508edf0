using System.Text.Json;

namespace MonitorHub.Core.Tests.Drift;

/// <summary>Loads Drift/vectors.json (scipy 1.10 / numpy 1.24 results) copied next to the test binary.</summary>
internal static class DriftVectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Drift", "vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    });

    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    public static JsonElement Case(string section, string name) =>
        Section(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string section) =>
        [.. Section(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    /// <summary>An inline array, or {"array": name, "count": k}: the first k values of a shared array.</summary>
    public static double[] Doubles(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            var shared = Section("arrays").GetProperty(value.GetProperty("array").GetString()!);
            return [.. shared.EnumerateArray().Take(value.GetProperty("count").GetInt32()).Select(v => v.GetDouble())];
        }

        return [.. value.EnumerateArray().Select(v => v.GetDouble())];
    }

    public static Dictionary<string, long> Counts(JsonElement value) =>
        value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);

    /// <summary>The p-value tolerance of the spec: 1e-6 relative, or 1e-12 absolute for tiny values.</summary>
    public static void AssertPValue(double expected, double actual, string label)
    {
        var ok = Math.Abs(expected - actual) <= Math.Max(1e-6 * Math.Abs(expected), 1e-12);
        Assert.True(ok, $"{label}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>Statistics must agree with scipy to 1e-9 absolute.</summary>
    public static void AssertStatistic(double expected, double actual, string label) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9, $"{label}: expected {expected:R}, got {actual:R}");
}
