using System.Globalization;
using System.Text.Json;
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
        var group = app.MapGroup("/api/v1").WithTags("Predictions");
        group.MapPost("/predictions", IngestPredictionsAsync)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Log a batch of predictions (key with 'ingest'); answered after they and their derived metrics are committed.");
        group.MapPost("/labels", IngestLabelsAsync)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Join delayed ground-truth labels to logged predictions (key with 'ingest').");
        return app;
    }

    private static async Task<IResult> IngestPredictionsAsync(HttpContext context, PredictionIngestion ingestion, TimeProvider clock)
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
            return outcome.ToHttp(
                stored => Results.Json(new { accepted = stored.Accepted, duplicates = stored.Duplicates, sampledOut = stored.SampledOut }, statusCode: StatusCodes.Status202Accepted),
                rejected: PredictionsRejected);
        }
    }

    private static async Task<IResult> IngestLabelsAsync(HttpContext context, LabelIngestion ingestion)
    {
        var (root, error) = await ReadAsync(context);
        if (error is not null) return error;
        using (root)
        {
            var parsed = LabelBatchParser.Parse(root!.RootElement);
            if (parsed.TooMany) return Problems.TooLarge($"A batch may hold at most {PredictionLimits.MaxPerBatch} labels.");
            if (!parsed.IsValid) return Problems.Validation(parsed.Issues, LabelsRejected);

            var outcome = await ingestion.IngestAsync(parsed.Items, context.User.KeySystem(), CancellationToken.None);
            return outcome.ToHttp(
                joined => Results.Json(
                    new { joined = joined.Joined, unknown = joined.Unknown, unknownCount = joined.UnknownCount, alreadyLabelled = joined.AlreadyLabelled },
                    statusCode: StatusCodes.Status202Accepted),
                rejected: LabelsRejected);
        }
    }

    private static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpContext context)
    {
        var (body, error) = await RequestBody.BufferAsync(context.Request, PredictionLimits.MaxBodyBytes, context.RequestAborted);
        if (error is not null) return (null, error);
        try
        {
            return (JsonDocument.Parse(body!.GetBuffer().AsMemory(0, (int)body.Length)), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Validation("body", $"Invalid JSON ({ex.Message.Split('.')[0]})."));
        }
    }

    private static int? KeySystem(HttpContext context) =>
        int.TryParse(context.User.FindFirst(Policies.SystemClaim)?.Value, CultureInfo.InvariantCulture, out var s) ? s : null;
}
