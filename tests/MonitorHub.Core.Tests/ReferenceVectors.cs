using System.Text.Json;

namespace MonitorHub.Core.Tests;

/// <summary>A committed JSON file of scipy reference values (written by a generator under tools/),
/// copied next to the test binary so the tests need no Python.</summary>
internal sealed class ReferenceVectors(params string[] relativePath)
{
    private readonly Lazy<JsonElement> _root = new(() =>
    {
        var path = Path.Combine([AppContext.BaseDirectory, .. relativePath]);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    });

    public JsonElement Section(string name) => _root.Value.GetProperty(name);

    public JsonElement Case(string section, string name) =>
        Section(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public TheoryData<string> Names(string section) =>
        [.. Section(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    /// <summary>An inline array, or {"array": name, "count": k}: the first k values of a shared array.</summary>
    public double[] Doubles(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            var shared = Section("arrays").GetProperty(value.GetProperty("array").GetString()!);
            return [.. shared.EnumerateArray().Take(value.GetProperty("count").GetInt32()).Select(v => v.GetDouble())];
        }

        return [.. value.EnumerateArray().Select(v => v.GetDouble())];
    }

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
