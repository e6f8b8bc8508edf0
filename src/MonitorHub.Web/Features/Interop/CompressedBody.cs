using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Interop;

/// <summary>
/// A request body read once into a pooled buffer and, for <c>Content-Encoding: gzip</c>, inflated with
/// the cap applied to the inflated size — a small gzip bomb is refused with 413 like a large body.
/// Dispose returns the buffer to the pool.
/// </summary>
public sealed class CompressedBody : IDisposable
{
    private byte[] _buffer;

    private CompressedBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>A read-only stream over the body (valid until dispose).</summary>
    public Stream AsStream() => new MemoryStream(_buffer, 0, Length, writable: false);

    /// <summary>Reads the body; gzip is inflated, identity (or no header) taken as is, anything else is 415.</summary>
    public static async Task<(CompressedBody? Body, ProblemHttpResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return (null, UnsupportedEncoding(encoding, "gzip or identity"));

        try
        {
            if (!gzip) return await ReadCappedAsync(request.Body, request.ContentLength, maxBytes, cancellationToken);
            await using var inflating = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            return await ReadCappedAsync(inflating, null, maxBytes, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, Problems.Validation("body", "The body is not valid gzip."));
        }
    }

    /// <summary>Reads the raw body (at most <paramref name="maxBytes"/>) without decoding it.</summary>
    public static Task<(CompressedBody? Body, ProblemHttpResult? Error)> ReadRawAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        ReadCappedAsync(request.Body, request.ContentLength, maxBytes, cancellationToken);

    /// <summary>Wraps a buffer rented from the shared pool (it is returned on dispose).</summary>
    public static CompressedBody Rented(byte[] buffer, int length) => new(buffer, length);

    public static ProblemHttpResult UnsupportedEncoding(string encoding, string supported) =>
        TypedResults.Problem(title: "Unsupported content encoding.", detail: $"Content-Encoding '{encoding}' is not supported; send {supported}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType, type: "https://monitorhub.dev/problems/unsupported-media-type");

    public static ProblemHttpResult UnsupportedType(string? contentType, string supported) =>
        TypedResults.Problem(title: "Unsupported media type.", detail: $"Content-Type '{contentType}' is not accepted here; send {supported}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType, type: "https://monitorhub.dev/problems/unsupported-media-type");

    private static async Task<(CompressedBody?, ProblemHttpResult?)> ReadCappedAsync(Stream source, long? declared, int maxBytes, CancellationToken cancellationToken)
    {
        if (declared > maxBytes) return (null, Problems.BodyTooLarge(maxBytes));
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 64 * 1024, 4096, maxBytes));
        var length = 0;
        try
        {
            while (true)
            {
                var capacity = Math.Min(buffer.Length, maxBytes);
                if (length == capacity)
                {
                    if (length >= maxBytes)
                    {
                        // One byte more than the cap is all it takes to know the body is too large.
                        if (await source.ReadAsync(new byte[1], cancellationToken) == 0) break;
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, Problems.BodyTooLarge(maxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length, capacity - length), cancellationToken);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (new CompressedBody(buffer, length), null);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
