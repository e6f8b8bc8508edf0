using Microsoft.AspNetCore.Diagnostics;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// The two ways a write can fail that are not bugs, answered the same way on every endpoint that
/// writes through the single writer: a batch past a series limit is the client's (400 naming the
/// metric and the limit), a store that cannot commit is the server's condition (503, retry later).
/// Nothing of either request was stored. And, on any endpoint, a database that does not answer (a
/// transient <see cref="System.Data.Common.DbException"/> anywhere in the chain: a refused or dropped
/// connection, a server shutting down) is the server's condition too: 503, never a 500 — reads and EF
/// writes included, which reach the database without going through the writer.
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
            _ when Unreachable(exception) is { } db => Problems.Unavailable(httpContext, RetryAfterSeconds, "The database did not answer (" + db.Message + "); retry later."),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The first transient database error in the chain (EF wraps the provider's).</summary>
    private static System.Data.Common.DbException? Unreachable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true } db) return db;
        }

        return null;
    }
}
