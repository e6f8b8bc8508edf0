using Microsoft.AspNetCore.Http.HttpResults;
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

/// <summary>The optional body of a rollback: a reason to add to "Rolled back to version n". No body at all is no reason.</summary>
public sealed record ReasonRequest(string? Reason)
{
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>The 400 for a reason too long to keep; null when the body (or its absence) is acceptable.</summary>
    public static ProblemHttpResult? Invalid(ReasonRequest? body) => body?.Reason is { Length: > VersionStore.MaxReasonLength }
        ? Hosting.Problems.Validation("reason", $"At most {VersionStore.MaxReasonLength} characters.")
        : null;
}
