using Google.Protobuf;
using MonitorHub.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Interop.Otlp;
using MonitorHub.Infrastructure.Interop.Otlp.Proto.Collector;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Interop;

/// <summary>
/// OTLP/HTTP metrics at <c>POST /v1/metrics</c> — the path every OpenTelemetry exporter posts to under
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Binary protobuf or OTLP JSON, optionally gzip; answered in the
/// request's encoding with an <c>ExportMetricsServiceResponse</c> whose partial_success counts the
/// points that could not be taken. Not under /api, so the cookie CSRF guard does not apply; a browser
/// cannot send these content types cross-site without a CORS preflight, which nothing here answers.
/// </summary>
public static partial class OtlpEndpoints
{
    public const string Path = "/v1/metrics";
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    /// <summary>Samples one export may turn into (a larger one is 413: the exporter should send smaller batches).</summary>
    public const int MaxSamplesPerRequest = 50_000;

    /// <summary>The raw (possibly compressed) body: Kestrel's own global ceiling.</summary>
    public const int MaxRawBodyBytes = 8 * 1024 * 1024;

    private static readonly JsonParser JsonReader = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static IEndpointRouteBuilder MapOtlpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExportAsync).WithTags("OpenTelemetry").WithBodyLimit(MaxRawBodyBytes)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .Accepts<Stream>(Protobuf, Json)
            .Produces<OtlpExportAnswer>(StatusCodes.Status200OK, Json, Protobuf)
            .WithSummary("OTLP/HTTP metrics export (protobuf or JSON, optionally gzip; key with 'ingest'); answered after the commit.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext context, OtlpMetricsMapper mapper, SampleIngestion ingestion, IOptions<MonitorHubOptions> options, ILoggerFactory loggers)
    {
        var mediaType = MediaType(context.Request.ContentType);
        if (mediaType is not (Protobuf or Json)) return CompressedBody.UnsupportedType(context.Request.ContentType, $"{Protobuf} or {Json}");

        var (body, error) = await CompressedBody.ReadAsync(context.Request, options.Value.Otlp.MaxBodyBytes, context.RequestAborted);
        if (error is not null) return error;

        InteropBatch batch;
        long points;
        using (body)
        {
            var (mapped, count, invalid) = ParseAndMap(mediaType, body!, mapper);
            if (invalid is not null) return invalid;
            (batch, points) = (mapped!, count);
        }

        if (batch.Samples.Count + batch.Sketches.Count > MaxSamplesPerRequest)
            return Problems.TooLarge($"An export may map to at most {MaxSamplesPerRequest} samples; configure the exporter to send smaller batches.");

        if (!batch.IsEmpty)
        {
            try
            {
                var (_, problem) = await ingestion.WriteAsync(context, batch.Samples, batch.Sketches);
                if (problem is not null) return problem;
            }
            catch (SeriesLimitExceededException limit)
            {
                // The writer refuses a batch whole; to the exporter that is every point rejected, not an error
                // worth retrying (a retry would be refused the same way).
                batch.RejectAll(limit.Message, points);
            }
        }

        batch.Committed();
        if (batch.Rejected > 0) LogRejected(loggers.CreateLogger(typeof(OtlpEndpoints)), batch.Rejected, batch.Message);
        return Answer(mediaType, batch);
    }

    /// <summary>
    /// Parses and maps the export in one synchronous step, so nothing parsed outlives the handler's wait
    /// for the commit. Binary exports are mapped straight from their bytes (no message tree per point, see
    /// OtlpMetricsMapper.Wire); JSON ones are parsed by the generated classes and encoded once for the same walk.
    /// </summary>
    /// <returns>The mapped batch and the export's data-point count, or the problem that refuses the body.</returns>
    private static (InteropBatch? Batch, long Points, ProblemHttpResult? Problem) ParseAndMap(string mediaType, CompressedBody body, OtlpMetricsMapper mapper)
    {
        try
        {
            var batch = mediaType == Protobuf
                ? mapper.Map(body.Span, out var points)
                : mapper.Map(JsonReader.Parse<ExportMetricsServiceRequest>(new StreamReader(body.AsStream())).ToByteArray(), out points);
            return (batch, points, null);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or ArgumentException or OverflowException or InvalidOperationException)
        {
            return (null, 0, Problems.Validation("body", $"Not an OTLP ExportMetricsServiceRequest in {mediaType}: {ErrorText.FirstSentence(ex.Message)}"));
        }
    }

    private static FileContentHttpResult Answer(string mediaType, InteropBatch batch)
    {
        var response = new ExportMetricsServiceResponse();
        if (batch.Rejected > 0) response.PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = batch.Rejected, ErrorMessage = batch.Message };
        var bytes = mediaType == Protobuf ? response.ToByteArray() : System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(response));
        return TypedResults.File(bytes, mediaType);
    }

    /// <summary>"application/json; charset=utf-8" → "application/json"; null when absent.</summary>
    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return null;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "OTLP export: {Rejected} data point(s) rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, long rejected, string reason);
}

/// <summary>The shape of OTLP's <c>ExportMetricsServiceResponse</c> in its JSON mapping, for the OpenAPI
/// document only: the handler writes the generated protobuf message itself, in the request's encoding.</summary>
public sealed record OtlpExportAnswer(OtlpPartialSuccess? PartialSuccess);

/// <param name="RejectedDataPoints">Points not stored (an int64, written as a string in OTLP JSON).</param>
/// <param name="ErrorMessage">The first reasons, for the exporter's log.</param>
public sealed record OtlpPartialSuccess(string RejectedDataPoints, string ErrorMessage);
