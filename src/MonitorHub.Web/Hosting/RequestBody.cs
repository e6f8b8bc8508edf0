using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hosting;

/// <summary>Reads JSON bodies with a size cap and turns every parse failure into a field-named issue.</summary>
public static class RequestBody
{
    public sealed record Read<T>(T? Value, IResult? Error);

    /// <summary>Buffers at most <paramref name="maxBytes"/>; more is a 413 whatever the headers claimed.</summary>
    public static async Task<(MemoryStream? Body, IResult? Error)> BufferAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return (null, Problems.TooLarge($"The body must not exceed {maxBytes} bytes."));
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, Problems.TooLarge($"The body must not exceed {maxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    public static async Task<Read<T>> JsonAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes, CancellationToken cancellationToken)
    {
        var (body, error) = await BufferAsync(request, maxBytes, cancellationToken);
        if (error is not null) return new(default, error);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(body!, options, cancellationToken);
            return value is null ? new(default, Problems.Validation("body", "A JSON object is required.")) : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(default, Problems.Validation(FieldOf(ex.Path), "Invalid JSON or wrong type: " + FirstSentence(ex.Message)));
        }
    }

    /// <summary>For endpoints whose body is optional: no body at all reads as <paramref name="empty"/>.</summary>
    public static Task<Read<T>> OptionalJsonAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes, T empty, CancellationToken cancellationToken) =>
        request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0
            ? Task.FromResult(new Read<T>(empty, null))
            : JsonAsync<T>(request, options, maxBytes, cancellationToken);

    /// <summary>"$.samples[3].value" → "samples[3].value"; the document root → "body".</summary>
    public static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    public static ValidationIssue Issue(string field, string reason) => new(null, field, reason);
}
