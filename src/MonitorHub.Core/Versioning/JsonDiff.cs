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
        if (before is { ValueKind: JsonValueKind.Object } x && after is { ValueKind: JsonValueKind.Object } y)
        {
            var names = x.EnumerateObject().Select(p => p.Name).Union(y.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                JsonElement? left = x.TryGetProperty(name, out var l) ? l : null;
                JsonElement? right = y.TryGetProperty(name, out var r) ? r : null;
                Walk(path.Length == 0 ? name : path + "." + name, left, right, changes);
            }

            return;
        }

        var beforeText = Text(before);
        var afterText = Text(after);
        if (!string.Equals(beforeText, afterText, StringComparison.Ordinal)) changes.Add(new(path, beforeText, afterText));
    }

    /// <summary>Absent and JSON null are the same "no value", so adding an optional field as null is no change.</summary>
    private static string? Text(JsonElement? element) =>
        element is not { } e || e.ValueKind == JsonValueKind.Null ? null : e.GetRawText();
}
