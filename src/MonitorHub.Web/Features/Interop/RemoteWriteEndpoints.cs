using Google.Protobuf;
using MonitorHub.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Interop.Prometheus;
using MonitorHub.Infrastructure.Interop.Prometheus.Proto;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;
using Snappier;

namespace MonitorHub.Web.Features.Interop;

/// <summary>
/// Prometheus remote-write 1.0 at <c>POST /api/v1/write</c>: a snappy block-compressed protobuf
/// <c>WriteRequest</c>. Prometheus retries 5xx and 429 and drops a batch answered 4xx, so a body that
/// cannot be read is 400 (retrying cannot fix it), a full writer queue 429, and a remote-write 2.0 body
/// 415 (Prometheus then knows to fall back to 1.0).
/// </summary>
public static partial class RemoteWriteEndpoints
{
    public const string Path = "/api/v1/write";
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";

    public static IEndpointRouteBuilder MapRemoteWriteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, WriteAsync).WithTags("Prometheus").WithBodyLimit(OtlpEndpoints.MaxRawBodyBytes)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .Accepts<Stream>(OtlpEndpoints.Protobuf)
            .WithSummary("Prometheus remote-write 1.0 (snappy protobuf WriteRequest; key with 'ingest'); 204 after the commit.");
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WriteAsync(
        HttpContext context, RemoteWriteMapper mapper, SampleIngestion ingestion, IOptions<MonitorHubOptions> options, ILoggerFactory loggers)
    {
        var request = context.Request;
        var contentType = request.ContentType ?? "";
        var version = request.Headers[VersionHeader].ToString();
        if (contentType.Contains("io.prometheus.write.v2", StringComparison.OrdinalIgnoreCase) || version.StartsWith("2.", StringComparison.Ordinal))
            return CompressedBody.UnsupportedType(contentType, "remote-write 1.0 (application/x-protobuf, X-Prometheus-Remote-Write-Version 0.1.0)");
        if (!contentType.StartsWith(OtlpEndpoints.Protobuf, StringComparison.OrdinalIgnoreCase))
            return CompressedBody.UnsupportedType(contentType, OtlpEndpoints.Protobuf);
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
            return CompressedBody.UnsupportedEncoding(encoding, "snappy");

        var maxBytes = options.Value.Otlp.MaxBodyBytes;
        var (compressed, error) = await CompressedBody.ReadRawAsync(request, OtlpEndpoints.MaxRawBodyBytes, context.RequestAborted);
        if (error is not null) return error;

        WriteRequest write;
        using (compressed)
        {
            if (!TryDecompress(compressed!.Span, maxBytes, out var body, out var problem)) return problem!;
            using (body)
            {
                try
                {
                    write = WriteRequest.Parser.ParseFrom(body!.Span);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    return Problems.Validation("body", "Not a remote-write WriteRequest: " + ErrorText.FirstSentence(ex.Message));
                }
            }
        }

        var batch = mapper.Map(write, out var invalid);
        if (invalid is not null) return Problems.Validation([new(invalid.Series, invalid.Field, invalid.Reason)], "The write request was rejected; nothing of it was stored.");
        if (batch.Samples.Count > OtlpEndpoints.MaxSamplesPerRequest)
            return Problems.TooLarge($"A write request may hold at most {OtlpEndpoints.MaxSamplesPerRequest} samples; lower queue_config.max_samples_per_send.");

        if (!batch.IsEmpty)
        {
            var (_, busy) = await ingestion.WriteAsync(context, batch.Samples);
            if (busy is not null) return busy;
        }

        if (batch.Rejected > 0)
        {
            LogSkipped(loggers.CreateLogger(typeof(RemoteWriteEndpoints)), batch.Rejected, batch.Message);
            context.Response.Headers["X-MonitorHub-Rejected-Samples"] = batch.Rejected.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.NoContent();
    }

    private static bool TryDecompress(ReadOnlySpan<byte> compressed, int maxBytes, out CompressedBody? body, out ProblemHttpResult? problem)
    {
        body = null;
        problem = null;
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(compressed);
        }
        catch (InvalidDataException)
        {
            problem = Problems.Validation("body", "The body is not snappy block-compressed.");
            return false;
        }

        if (length > maxBytes)
        {
            problem = Problems.BodyTooLarge(maxBytes);
            return false;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            body = CompressedBody.Rented(buffer, Snappy.Decompress(compressed, buffer));
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            problem = Problems.Validation("body", "The body is not snappy block-compressed.");
            return false;
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Remote write: {Skipped} sample(s) not stored: {Reason}")]
    private static partial void LogSkipped(ILogger logger, long skipped, string reason);
}
