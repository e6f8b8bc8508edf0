using Microsoft.AspNetCore.Http.HttpResults;
namespace MonitorHub.Web.Hosting;

/// <summary>The most bytes an endpoint's request body may hold; set on a group, overridden per endpoint.</summary>
public sealed record BodyLimitMetadata(long MaxBytes);

/// <summary>
/// Body limits as endpoint metadata, enforced in one place after routing. Kestrel's own limit is
/// global (8 MiB) and not enforced by the test server at all, so each endpoint's limit is checked here:
/// a declared Content-Length over it is refused before the handler runs, and the body stream is cut
/// off at the limit so a chunked (or lying) body is refused too.
/// </summary>
public static class BodyLimit
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimitMetadata(maxBytes));

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The endpoint's own metadata comes after its group's, so the last one is the most specific.
        if (context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitMetadata>() is not { MaxBytes: var max })
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > max)
        {
            await Problems.BodyTooLarge(max).ExecuteAsync(context);
            return;
        }

        var capped = new CappedStream(context.Request.Body, max);
        context.Request.Body = capped;
        await next(context);
        // JSON binding catches the stream's exception itself and answers a bare 413; give it the body
        // every other 413 has. A reader that let the exception through was answered by the handler.
        if (capped.Exceeded && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.BodyTooLarge(max).ExecuteAsync(context);
        }
    });

    /// <summary>Reads through to the request body and throws a 413 once more than the limit has arrived.</summary>
    private sealed class CappedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public bool Exceeded { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read <= max) return read;
            Exceeded = true;
            throw new BadHttpRequestException($"The body must not exceed {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
