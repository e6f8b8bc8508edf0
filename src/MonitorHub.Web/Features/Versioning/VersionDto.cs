using System.Text.Json;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Web.Features.Versioning;

public sealed record ChangeDto(string Field, JsonElement? Before, JsonElement? After);

/// <summary>A version as the API shows it: the snapshot as JSON and the field-level diff against the one before.</summary>
public sealed record VersionDto(int Version, DateTime At, string Author, string Reason, JsonElement Snapshot, IReadOnlyList<ChangeDto> Changes)
{
    public static VersionDto From(VersionView v) => new(
        v.Version, v.At.UtcDateTime, v.Author, v.Reason, Parse(v.Snapshot)!.Value,
        [.. v.Changes.Select(c => new ChangeDto(c.Path, Parse(c.Before), Parse(c.After)))]);

    private static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record ReasonRequest(string? Reason)
{
    /// <summary>The optional body of a rollback: a reason to add to "Rolled back to version n".</summary>
    public static async Task<(string? Reason, IResult? Error)> ReadOptionalAsync(HttpContext context, JsonSerializerOptions json)
    {
        var read = await Hosting.RequestBody.OptionalJsonAsync(context.Request, json, 16 * 1024, new ReasonRequest(Reason: null), context.RequestAborted);
        if (read.Error is not null) return (null, read.Error);
        var reason = read.Value!.Reason;
        return reason is { Length: > VersionStore.MaxReasonLength }
            ? (null, Hosting.Problems.Validation("reason", $"At most {VersionStore.MaxReasonLength} characters."))
            : (reason, null);
    }
}
