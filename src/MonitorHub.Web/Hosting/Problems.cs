using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Hosting;

/// <summary>RFC 9457 problem-details responses; validation problems list every bad item and field.</summary>
public static class Problems
{
    public const string ForbiddenTitle = "Forbidden.";

    public static IResult Validation(IEnumerable<ValidationIssue> issues, string title = "The request is invalid.")
    {
        var errors = issues.Select(i => new { index = i.Index, field = i.Field, reason = i.Reason }).ToList();
        var detail = string.Join(" ", errors.Take(5).Select(e => e.index is { } n ? $"[{n}].{e.field}: {e.reason}" : $"{e.field}: {e.reason}"));
        return Results.Problem(
            title: title,
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://monitorhub.dev/problems/validation",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static IResult Validation(string field, string reason) => Validation([new ValidationIssue(null, field, reason)]);

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found.", detail: what, statusCode: StatusCodes.Status404NotFound, type: "https://monitorhub.dev/problems/not-found");

    public static IResult Conflict(ValidationIssue issue) =>
        Results.Problem(title: "Conflict.", detail: issue.Reason, statusCode: StatusCodes.Status409Conflict, type: "https://monitorhub.dev/problems/conflict",
            extensions: new Dictionary<string, object?> { ["errors"] = new[] { new { index = issue.Index, field = issue.Field, reason = issue.Reason } } });

    public static IResult Unauthorized() =>
        Results.Problem(title: "Authentication required.", detail: "Sign in, or send an API key as X-Api-Key or Authorization: Bearer.",
            statusCode: StatusCodes.Status401Unauthorized, type: "https://monitorhub.dev/problems/unauthorized");

    public static IResult Forbidden() =>
        Results.Problem(title: ForbiddenTitle, detail: "Your role or key scopes do not allow this.",
            statusCode: StatusCodes.Status403Forbidden, type: "https://monitorhub.dev/problems/forbidden");

    /// <summary>403 naming each item and field the caller may not write.</summary>
    public static IResult Forbidden(IReadOnlyList<ValidationIssue> issues, string title) =>
        Results.Problem(title: title, detail: string.Join(" ", issues.Take(5).Select(i => i.Reason)), statusCode: StatusCodes.Status403Forbidden,
            type: "https://monitorhub.dev/problems/forbidden",
            extensions: new Dictionary<string, object?> { ["errors"] = issues.Select(i => new { index = i.Index, field = i.Field, reason = i.Reason }).ToList() });

    public static IResult TooMany(HttpContext context, int retryAfterSeconds, string title)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(title: title, detail: $"Retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, type: "https://monitorhub.dev/problems/rate-limited");
    }

    public static IResult TooLarge(string detail) =>
        Results.Problem(title: "Payload too large.", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, type: "https://monitorhub.dev/problems/too-large");

    public static IResult Busy(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(title: "Ingestion queue is full.", detail: $"Retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, type: "https://monitorhub.dev/problems/busy");
    }

    public static IResult Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(title: "Storage is unavailable; retry later.", detail: detail,
            statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://monitorhub.dev/problems/unavailable");
    }
}
