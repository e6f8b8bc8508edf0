using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Models;

/// <summary>Prediction logs and delayed labels: the inputs of drift and real-performance monitoring.</summary>
public static class PredictionEndpoints
{
    private const string PredictionsRejected = "The batch was rejected; no prediction of it was stored.";
    private const string LabelsRejected = "The batch was rejected; no label of it was stored.";

    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        // The hot ingestion paths keep their single-pass readers (buffer once, parse into a JsonDocument,
        // validate item by item) instead of DTO binding: a batch is never materialised twice, and the
        // ingest benchmark (dotnet run -c Release --project tests/MonitorHub.Benchmarks -- ingest)
        // measures exactly this path.
        var group = app.MapGroup("/api/v1").WithTags("Predictions").WithBodyLimit(PredictionLimits.MaxBodyBytes);
        group.MapPost("/predictions", IngestPredictionsAsync)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Log a batch of predictions (key with 'ingest'); answered after they and their derived metrics are committed.");
        group.MapPost("/labels", IngestLabelsAsync)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Join delayed ground-truth labels to logged predictions (key with 'ingest').");
        return app;
    }

    private static async Task<Results<Accepted<PredictionIngestResult>, ProblemHttpResult>> IngestPredictionsAsync(HttpContext context, PredictionIngestion ingestion, TimeProvider clock)
    {
        var (root, error) = await ReadAsync(context);
        if (error is not null) return error;
        using (root)
        {
            var parsed = PredictionBatchParser.Parse(root!.RootElement, clock.GetUtcNow());
            if (parsed.TooMany) return Problems.TooLarge($"A batch may hold at most {PredictionLimits.MaxPerBatch} predictions.");
            if (!parsed.IsValid) return Problems.Validation(parsed.Issues, PredictionsRejected);

            // Not the request's token: once queued, the batch is committed even if the client gives up.
            var outcome = await ingestion.IngestAsync(parsed.Items, context.User.KeySystem(), CancellationToken.None);
            return outcome.ToHttp(context,
                stored => TypedResults.Accepted((string?)null, stored),
                rejected: PredictionsRejected);
        }
    }

    private static async Task<Results<Accepted<LabelIngestResult>, ProblemHttpResult>> IngestLabelsAsync(HttpContext context, LabelIngestion ingestion)
    {
        var (root, error) = await ReadAsync(context);
        if (error is not null) return error;
        using (root)
        {
            var parsed = LabelBatchParser.Parse(root!.RootElement);
            if (parsed.TooMany) return Problems.TooLarge($"A batch may hold at most {PredictionLimits.MaxPerBatch} labels.");
            if (!parsed.IsValid) return Problems.Validation(parsed.Issues, LabelsRejected);

            var outcome = await ingestion.IngestAsync(parsed.Items, context.User.KeySystem(), CancellationToken.None);
            return outcome.ToHttp(context,
                joined => TypedResults.Accepted((string?)null, joined),
                rejected: LabelsRejected);
        }
    }

    private static async Task<(JsonDocument? Document, ProblemHttpResult? Error)> ReadAsync(HttpContext context)
    {
        var (body, error) = await RequestBody.BufferAsync(context.Request, PredictionLimits.MaxBodyBytes, context.RequestAborted);
        if (error is not null) return (null, error);
        try
        {
            return (JsonDocument.Parse(body!.GetBuffer().AsMemory(0, (int)body.Length)), null);
        }
        catch (JsonException ex)
        {
            return (null, RequestBody.Unparsable(ex));
        }
    }

    private static int? KeySystem(HttpContext context) =>
        int.TryParse(context.User.FindFirst(Policies.SystemClaim)?.Value, CultureInfo.InvariantCulture, out var s) ? s : null;
}
