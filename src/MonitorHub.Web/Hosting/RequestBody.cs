using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using MonitorHub.Core;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// What is left of reading bodies by hand: the single-pass readers of the ingestion, CSV and drift-check
/// endpoints buffer with a cap, and every JSON parse failure is named the same way, whether it happens
/// in such a reader or in the framework's binding of a DTO (<see cref="BadRequestExceptionHandler"/>).
/// </summary>
public static class RequestBody
{
    /// <summary>Buffers at most <paramref name="maxBytes"/>; more is a 413 whatever the headers claimed.</summary>
    public static async Task<(MemoryStream? Body, ProblemHttpResult? Error)> BufferAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return (null, Problems.BodyTooLarge(maxBytes));
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, Problems.BodyTooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>A body that is not JSON of the DTO's shape: 400 naming the field the parser stopped at.</summary>
    public static ProblemHttpResult InvalidJson(JsonException ex) =>
        Problems.Validation(FieldOf(ex.Path), "Invalid JSON or wrong type: " + ErrorText.FirstSentence(ex.Message));

    /// <summary>A body the single-pass readers could not parse at all (they report fields themselves).</summary>
    public static ProblemHttpResult Unparsable(JsonException ex) =>
        Problems.Validation("body", $"Invalid JSON ({ErrorText.FirstSentence(ex.Message).TrimEnd('.')}).");

    /// <summary>No body, or the JSON literal null, where a DTO is required.</summary>
    public static ProblemHttpResult Missing() => Problems.Validation("body", "A JSON object is required.");

    /// <summary>"$.samples[3].value" → "samples[3].value"; the document root → "body".</summary>
    public static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
