using Microsoft.AspNetCore.Diagnostics;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// The two ways a write can fail that are not bugs, answered the same way on every endpoint that
/// writes through the single writer: a batch past a series limit is the client's (400 naming the
/// metric and the limit), a store that cannot commit is the server's condition (503, retry later).
/// Nothing of either request was stored.
/// </summary>
public sealed class WriterExceptionHandler : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            SeriesLimitExceededException limit => Problems.Validation(
                [new ValidationIssue(limit.SampleIndex, "tags", limit.Message)], "The batch was rejected; nothing of it was stored."),
            StoreUnavailableException unavailable => Problems.Unavailable(httpContext, RetryAfterSeconds, unavailable.Message),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(httpContext);
        return true;
    }
}
