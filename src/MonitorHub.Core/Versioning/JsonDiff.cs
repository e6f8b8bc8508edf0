using System.Text.Json;

namespace MonitorHub.Core.Versioning;

/// <summary>One field that differs between two versions; values are JSON text (null when absent).</summary>
public sealed record FieldChange(string Path, string? Before, string? After);

/// <summary>
/// Field-level differences between two JSON snapshots. Objects are walked by property (dotted
/// paths); arrays and scalars compare as whole values, because a rule's tag list or a threshold
/// table reads better as "was / is" than as index-by-index edits.
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<FieldChange> Diff(string? before, string? after)
    {
        var changes = new List<FieldChange>();
        using var a = before is null ? null : JsonDocument.Parse(before);
        using var b = after is null ? null : JsonDocument.Parse(after);
        Walk("", a?.RootElement, b?.RootElement, changes);
        return changes;
    }

    private static void Walk(string path, JsonElement? before, JsonElement? after, List<FieldChange> changes)
    {
        // An object on either side (the other missing) is walked, so a first version lists its fields one by one.
        var (x, y) = (AsObject(before), AsObject(after));
        if ((x is not null && y is not null) || (x is not null && IsNothing(after)) || (y is not null && IsNothing(before)))
        {
            var names = Names(x).Union(Names(y), StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                JsonElement? left = x is { } xo && xo.TryGetProperty(name, out var l) ? l : null;
                JsonElement? right = y is { } yo && yo.TryGetProperty(name, out var r) ? r : null;
                Walk(path.Length == 0 ? name : path + "." + name, left, right, changes);
            }

            return;
        }

        var beforeText = Text(before);
        var afterText = Text(after);
        if (!string.Equals(beforeText, afterText, StringComparison.Ordinal)) changes.Add(new(path, beforeText, afterText));
    }

    private static JsonElement? AsObject(JsonElement? e) => e is { ValueKind: JsonValueKind.Object } o ? o : null;

    private static bool IsNothing(JsonElement? e) => e is null || e.Value.ValueKind == JsonValueKind.Null;

    private static IEnumerable<string> Names(JsonElement? o) => o is { } obj ? obj.EnumerateObject().Select(p => p.Name) : [];

    /// <summary>Absent and JSON null are the same "no value", so adding an optional field as null is no change.</summary>
    private static string? Text(JsonElement? element) =>
        element is not { } e || e.ValueKind == JsonValueKind.Null ? null : e.GetRawText();
}
