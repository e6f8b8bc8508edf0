using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// The one translation of a store's outcome into an HTTP answer, so the same outcome gets the same
/// status and problem body on every endpoint.
/// </summary>
public static class StoreResultHttp
{
    /// <summary>The value's answer when the operation succeeded, otherwise <see cref="ToProblem{T}"/>.</summary>
    /// <param name="context">The request; a full ingestion queue's answer sets its Retry-After header.</param>
    /// <param name="ok">The answer for the value (200, 201 with its location, 202...).</param>
    /// <param name="notFound">Detail of the 404 when the store names no missing part itself.</param>
    /// <param name="rejected">Title of the 400 and 403 for endpoints that say what was not stored (batches).</param>
    public static Results<TOk, ProblemHttpResult> ToHttp<T, TOk>(
        this StoreResult<T> result, HttpContext context, Func<T, TOk> ok, string? notFound = null, string? rejected = null)
        where TOk : IResult =>
        result.IsOk ? ok(result.Value) : result.ToProblem(context, notFound, rejected);

    /// <summary>
    /// The problem answering a failed operation: 404, 400 (validation), 409, 403, or 429 with Retry-After.
    /// For endpoints whose success needs more work than building a response.
    /// </summary>
    public static ProblemHttpResult ToProblem<T>(this StoreResult<T> result, HttpContext context, string? notFound = null, string? rejected = null) => result.Outcome switch
    {
        StoreOutcome.NotFound => Problems.NotFound(result.Issues is [var missing, ..] ? missing.Reason : notFound ?? "Not found."),
        StoreOutcome.Invalid => rejected is null ? Problems.Validation(result.Issues) : Problems.Validation(result.Issues, rejected),
        StoreOutcome.Conflict => Problems.Conflict(result.Issues[0]),
        StoreOutcome.Forbidden => Problems.Forbidden(result.Issues, rejected ?? Problems.ForbiddenTitle),
        // The 429 a full ingestion queue answers everywhere: retry after 1 s.
        StoreOutcome.Busy => Problems.Busy(context, 1),
        _ => throw new InvalidOperationException($"{result.Outcome} is not a failure; answer it with ToHttp."),
    };
}
