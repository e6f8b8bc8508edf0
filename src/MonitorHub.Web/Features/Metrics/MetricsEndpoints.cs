using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;
using MonitorHub.Infrastructure.Versioning;
using MonitorHub.Web.Features.Versioning;

namespace MonitorHub.Web.Features.Metrics;

public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/metrics").WithTags("Metrics").WithBodyLimit(64 * 1024)
            .ScopedToKeySystem("key", "metric", async (services, key, ct) =>
                (await services.GetRequiredService<CatalogueStore>().MetricSystemsAsync(ct)).TryGetValue(key, out var system) ? system : null);
        // Ingestion keeps its single-pass reader (buffer once, parse into a JsonDocument, validate sample by
        // sample) instead of DTO binding: a batch is never materialised twice, and the ingest benchmark
        // (dotnet run -c Release --project tests/MonitorHub.Benchmarks -- ingest) measures exactly this path.
        group.MapPost("", IngestAsync).WithBodyLimit(IngestionLimits.MaxBodyBytes)
            .RequireAuthorization(Policies.Ingest).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Ingest a batch of metric samples (key with 'ingest'); answered after they are committed.");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Read).WithSummary("The metric catalogue.");
        group.MapGet("/{key}", GetAsync).RequireAuthorization(Policies.Read).WithSummary("One metric definition.");
        group.MapPut("/{key}", UpdateAsync).RequireAuthorization(Policies.Edit).WithSummary("Edit a metric definition; \"reason\" is required and kept in the history.");
        group.MapPut("/{key}/pin", (string key, HttpContext context, CatalogueStore catalogue) => PinAsync(key, true, context, catalogue))
            .RequireAuthorization(Policies.Edit).WithSummary("Pin the metric to the Overview (versioned with the reason \"Pinned to the Overview\").");
        group.MapDelete("/{key}/pin", (string key, HttpContext context, CatalogueStore catalogue) => PinAsync(key, false, context, catalogue))
            .RequireAuthorization(Policies.Edit).WithSummary("Unpin the metric from the Overview.");
        group.MapGet("/{key}/versions", async Task<Results<Ok<IEnumerable<VersionDto>>, ProblemHttpResult>> (string key, CatalogueStore catalogue, VersionStore versions, CancellationToken ct) =>
                await catalogue.GetDefinitionAsync(key, ct) is null
                    ? Problems.NotFound($"No metric '{key}'.")
                    : TypedResults.Ok((await versions.ListAsync(VersionStore.Metric, key, ct)).Select(VersionDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("A definition's versions, newest first, with diffs.");
        group.MapPost("/{key}/rollback/{version:int}", RollbackAsync).RequireAuthorization(Policies.Edit).WithBodyLimit(ReasonRequest.MaxBodyBytes)
            .WithSummary("Restore a definition version as a new version. Optional body {\"reason\"}.");
        group.MapGet("/{key}/series", SeriesAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Aggregated series of a metric over a range; with top=N only the N series ranked highest by an aggregate over the range.");
        return app;
    }

    private static async Task<Results<Accepted<IngestAcceptedDto>, ProblemHttpResult>> IngestAsync(HttpContext context, SampleIngestion ingestion, ServiceMetrics metrics, TimeProvider clock)
    {
        var (body, error) = await RequestBody.BufferAsync(context.Request, IngestionLimits.MaxBodyBytes, context.RequestAborted);
        if (error is not null) return error;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body!.GetBuffer().AsMemory(0, (int)body.Length));
        }
        catch (JsonException ex)
        {
            return RequestBody.Unparsable(ex);
        }

        using (document)
        {
            var parsed = SampleBatchParser.Parse(document.RootElement, clock.GetUtcNow());
            var received = document.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("samples", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.GetArrayLength() : 0;
            if (parsed.TooManySamples)
            {
                metrics.Rejected("too_many", received);
                return Problems.TooLarge($"A batch may hold at most {IngestionLimits.MaxSamplesPerBatch} samples.");
            }

            if (!parsed.IsValid)
            {
                metrics.Rejected("invalid", received);
                return Problems.Validation(parsed.Issues, "The batch was rejected; no sample of it was stored.");
            }

            var (accepted, problem) = await ingestion.WriteAsync(context, parsed.Samples);
            return problem is not null ? problem : TypedResults.Accepted((string?)null, new IngestAcceptedDto(accepted));
        }
    }

    private static async Task<Ok<IEnumerable<MetricDefinitionDto>>> ListAsync(HttpContext context, CatalogueStore catalogue, IOptions<MonitorHub.Infrastructure.MonitorHubOptions> options, CancellationToken cancellationToken)
    {
        var definitions = (await catalogue.ListDefinitionsAsync(cancellationToken)).Where(d => context.User.MaySee(d.SystemId));
        var counts = await catalogue.SeriesCountsAsync(cancellationToken);
        var limit = options.Value.Limits.MaxSeriesPerMetric;
        return TypedResults.Ok(definitions.Select(d => MetricDefinitionDto.From(d) with { SeriesCount = counts.GetValueOrDefault(d.Key), SeriesLimit = limit }));
    }

    private static async Task<Results<Ok<MetricDefinitionDto>, ProblemHttpResult>> GetAsync(string key, CatalogueStore catalogue, CancellationToken cancellationToken)
    {
        var definition = await catalogue.GetDefinitionAsync(key, cancellationToken);
        return definition is null ? Problems.NotFound($"No metric '{key}'.") : TypedResults.Ok(MetricDefinitionDto.From(definition));
    }

    private static async Task<Results<Ok<MetricDefinitionDto>, ProblemHttpResult>> UpdateAsync(
        string key, [FromBody] MetricDefinitionRequest body, HttpContext context, CatalogueStore catalogue)
    {
        var update = new MetricDefinitionUpdate(body.DisplayName, body.Category, body.Unit, body.Description, body.SystemId, body.ComponentId, body.OwnerTeam, body.Pinned);
        var result = await catalogue.UpdateDefinitionAsync(key, update, context.User.ActorName(), body.Reason, context.User.IsPrivacyAdmin(), context.RequestAborted);
        return result.ToHttp(context, definition => TypedResults.Ok(MetricDefinitionDto.From(definition)), $"No metric '{key}'.");
    }

    private static async Task<Results<Ok<MetricDefinitionDto>, ProblemHttpResult>> PinAsync(string key, bool pinned, HttpContext context, CatalogueStore catalogue)
    {
        var result = await catalogue.SetPinnedAsync(key, pinned, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, definition => TypedResults.Ok(MetricDefinitionDto.From(definition)), $"No metric '{key}'.");
    }

    private static async Task<Results<Ok<MetricDefinitionDto>, ProblemHttpResult>> RollbackAsync(
        string key, int version, [FromBody] ReasonRequest? body, HttpContext context, CatalogueStore catalogue, VersionStore versions)
    {
        if (ReasonRequest.Invalid(body) is { } invalid) return invalid;
        var result = await catalogue.RollbackDefinitionAsync(key, version, context.User.ActorName(), body?.Reason, versions, context.User.IsPrivacyAdmin(), context.RequestAborted);
        return result.ToHttp(context, definition => TypedResults.Ok(MetricDefinitionDto.From(definition)), $"No metric '{key}'.");
    }

    private static async Task<Results<Ok<SeriesResponse>, ProblemHttpResult>> SeriesAsync(
        string key, HttpRequest request, SeriesQueryService queries, CatalogueStore catalogue, TimeProvider clock,
        [FromQuery, Description("Answer only the N series (1–1000) ranked highest by 'by' over the whole range, highest first; 'totalSeries' says how many matched.")] string? top,
        [FromQuery, Description("The aggregate that ranks series for 'top' (mean, min, max, sum, count, p50, p90, p95, p99); defaults to 'agg'.")] string? by,
        CancellationToken cancellationToken)
    {
        var issues = new List<ValidationIssue>();
        var now = clock.GetUtcNow();
        var to = QueryParameters.Time(request, "to", now, issues);
        var from = QueryParameters.Time(request, "from", to - TimeSpan.FromHours(1), issues);

        var aggregation = Aggregation.Mean;
        if (request.Query.TryGetValue("agg", out var aggText) && !AggregationExtensions.TryParse(aggText, out aggregation))
            issues.Add(new(null, "agg", "Must be one of " + string.Join(", ", AggregationExtensions.Names) + "."));

        long? step = null;
        if (request.Query.TryGetValue("step", out var stepText))
        {
            if (long.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) step = s;
            else issues.Add(new(null, "step", "Must be a whole number of seconds."));
        }

        var ranking = TopSeries.Parse(top, by, aggregation, issues);

        var tags = new Dictionary<string, string>();
        foreach (var (name, value) in request.Query)
        {
            if (name.StartsWith("tag.", StringComparison.Ordinal) && name.Length > 4) tags[name[4..]] = value.ToString();
        }

        if (issues.Count > 0) return Problems.Validation(issues);
        var plan = queries.Plan(from, to, step, out var planIssue);
        if (plan is null) return Problems.Validation([planIssue!]);

        if (await catalogue.GetDefinitionAsync(key, cancellationToken) is null) return Problems.NotFound($"No metric '{key}'.");
        var result = await queries.QueryAsync(key, plan, aggregation, tags, cancellationToken: cancellationToken, top: ranking);
        return TypedResults.Ok(SeriesResponse.Of(result, ranking));
    }
}

public sealed record IngestAcceptedDto(int Accepted);

/// <summary>A definition change as the API takes it: the editable fields and why (required, kept in the history).</summary>
public sealed record MetricDefinitionRequest(
    string? DisplayName, MetricCategory? Category, string? Unit, string? Description, int? SystemId, int? ComponentId, string? OwnerTeam, string? Reason, bool? Pinned = null);
