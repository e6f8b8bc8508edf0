using System.Text.Json;

namespace MonitorHub.Core.Tests.Drift;

/// <summary>Loads Drift/vectors.json (scipy 1.10 / numpy 1.24 results) copied next to the test binary.</summary>
internal static class DriftVectors
{
    private static readonly ReferenceVectors File = new("Drift", "vectors.json");

    public static JsonElement Section(string name) => File.Section(name);

    public static JsonElement Case(string section, string name) => File.Case(section, name);

    public static TheoryData<string> Names(string section) => File.Names(section);

    /// <summary>An inline array, or {"array": name, "count": k}: the first k values of a shared array.</summary>
    public static double[] Doubles(JsonElement value) => File.Doubles(value);

    public static Dictionary<string, long> Counts(JsonElement value) =>
        value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);

    public static void AssertPValue(double expected, double actual, string label) => ReferenceVectors.AssertPValue(expected, actual, label);

    public static void AssertStatistic(double expected, double actual, string label) => ReferenceVectors.AssertStatistic(expected, actual, label);
}
