using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Check;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.DriftCheck;

/// <summary>The ad-hoc check: two samples in, per-column drift and dataset drift out. Nothing is stored.</summary>
public static class DriftCheckEndpoints
{
    public static IEndpointRouteBuilder MapDriftCheckEndpoints(this IEndpointRouteBuilder app)
    {
        // Keeps its single-pass reader: the request is read straight from the buffered bytes into columns.
        app.MapPost("/api/v1/drift/check", CheckAsync)
            .WithTags("Drift")
            .WithBodyLimit(DriftCheckLimits.MaxBodyBytes)
            .RequireAuthorization(Policies.Read)
            .WithSummary("Compare current values with reference values column by column (KS, chi2, Wasserstein, Jensen-Shannon, PSI, Hellinger; auto picks "
                + "Evidently's defaults) and report dataset drift. Body ≤ 8 MiB, ≤ 200 columns, ≤ 1 000 000 values per column; larger data belongs in a drift monitor.");
        return app;
    }

    private static async Task<Results<Ok<DriftCheckResponse>, ProblemHttpResult>> CheckAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.BufferAsync(context.Request, DriftCheckLimits.MaxBodyBytes, cancellationToken);
        if (error is not null) return error;
        var (request, issues) = DriftCheckRequestReader.Read(body!.TryGetBuffer(out var bytes) ? bytes.AsSpan() : body.ToArray());
        if (request is null) return Problems.Validation(issues, "The drift check was rejected.");
        issues = DriftCheckRunner.Validate(request);
        if (issues.Count > 0) return Problems.Validation(issues, "The drift check was rejected.");

        try
        {
            var (_, result) = DriftCheckRunner.Run(request);
            return TypedResults.Ok(DriftCheckResponse.From(result));
        }
        catch (ArgumentException ex)
        {
            // Validate() mirrors Core's preconditions; should they ever drift apart, the client still gets a 400, not a 500.
            return Problems.Validation("body", ex.Message);
        }
    }
}
