using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// RFC 9457 problem-details responses; validation problems list every bad item and field. Typed, so
/// handlers can say in their signature (and the OpenAPI document) that they answer with a problem.
/// </summary>
public static class Problems
{
    public const string ForbiddenTitle = "Forbidden.";

    public static ProblemHttpResult Validation(IEnumerable<ValidationIssue> issues, string title = "The request is invalid.")
    {
        var errors = issues.Select(ErrorDto.Of).ToList();
        var detail = string.Join(" ", errors.Take(5).Select(e => e.Index is { } n ? $"[{n}].{e.Field}: {e.Reason}" : $"{e.Field}: {e.Reason}"));
        return TypedResults.Problem(
            title: title,
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://monitorhub.dev/problems/validation",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static ProblemHttpResult Validation(string field, string reason) => Validation([new ValidationIssue(null, field, reason)]);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found.", detail: what, statusCode: StatusCodes.Status404NotFound, type: "https://monitorhub.dev/problems/not-found");

    public static ProblemHttpResult Conflict(ValidationIssue issue) =>
        TypedResults.Problem(title: "Conflict.", detail: issue.Reason, statusCode: StatusCodes.Status409Conflict, type: "https://monitorhub.dev/problems/conflict",
            extensions: new Dictionary<string, object?> { ["errors"] = new[] { ErrorDto.Of(issue) } });

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(title: "Authentication required.", detail: "Sign in, or send an API key as X-Api-Key or Authorization: Bearer.",
            statusCode: StatusCodes.Status401Unauthorized, type: "https://monitorhub.dev/problems/unauthorized");

    public static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(title: ForbiddenTitle, detail: "Your role or key scopes do not allow this.",
            statusCode: StatusCodes.Status403Forbidden, type: "https://monitorhub.dev/problems/forbidden");

    /// <summary>403 naming each item and field the caller may not write.</summary>
    public static ProblemHttpResult Forbidden(IReadOnlyList<ValidationIssue> issues, string title) =>
        TypedResults.Problem(title: title, detail: string.Join(" ", issues.Take(5).Select(i => i.Reason)), statusCode: StatusCodes.Status403Forbidden,
            type: "https://monitorhub.dev/problems/forbidden",
            extensions: new Dictionary<string, object?> { ["errors"] = issues.Select(ErrorDto.Of).ToList() });

    public static ProblemHttpResult TooMany(HttpContext context, int retryAfterSeconds, string title)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, detail: $"Retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, type: "https://monitorhub.dev/problems/rate-limited");
    }

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(title: "Payload too large.", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, type: "https://monitorhub.dev/problems/too-large");

    /// <summary>The 413 of a body over its endpoint's limit, in the words every endpoint has used.</summary>
    public static ProblemHttpResult BodyTooLarge(long maxBytes) => TooLarge($"The body must not exceed {maxBytes} bytes.");

    public static ProblemHttpResult Busy(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Ingestion queue is full.", detail: $"Retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, type: "https://monitorhub.dev/problems/busy");
    }

    public static ProblemHttpResult Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Storage is unavailable; retry later.", detail: detail,
            statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://monitorhub.dev/problems/unavailable");
    }

    /// <summary>One entry of a problem's "errors" list. Lower-case names: clients read them so.</summary>
    public sealed record ErrorDto(
        [property: System.Text.Json.Serialization.JsonPropertyName("index")] int? Index,
        [property: System.Text.Json.Serialization.JsonPropertyName("field")] string Field,
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string Reason)
    {
        public static ErrorDto Of(ValidationIssue issue) => new(issue.Index, issue.Field, issue.Reason);
    }
}
