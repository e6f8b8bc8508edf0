using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MonitorHub.Infrastructure.Ingestion;

namespace MonitorHub.Web.Features.Ops;

/// <summary>The <c>/healthz</c> body clients and the E2E harness already read (kept as it was).</summary>
public sealed record HealthDto(string Status, string Database, string Writer, int QueueDepth, DateTime? LastCommitAt);

/// <summary>One ready check's outcome.</summary>
public sealed record HealthCheckDto(string Name, string Status, string? Description);

/// <summary>The 200 body of <c>/healthz/ready</c> and <c>/healthz/live</c>.</summary>
public sealed record ReadinessDto(string Status, IReadOnlyList<HealthCheckDto> Checks);

public static class HealthEndpoint
{
    public const string ProblemType = "https://monitorhub.dev/problems/not-ready";

    /// <summary>
    /// <c>/healthz/live</c>: the process answers (200, no dependency checked: a load balancer restarting
    /// nodes on it must not restart every node when the database blips). <c>/healthz/ready</c>: every
    /// check tagged <see cref="HealthChecks.ReadyTag"/> passes (200), else 503 with a problem body naming
    /// each failed check. <c>/healthz</c>: the ready verdict in the body it has always had.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", () => TypedResults.Ok(new ReadinessDto("live", [])))
            .WithTags("Ops").WithSummary("200 while the process answers; checks no dependency.").AllowAnonymous();

        app.MapGet("/healthz/ready", async Task<Results<Ok<ReadinessDto>, ProblemHttpResult>> (HealthCheckService health, CancellationToken cancellationToken) =>
            {
                var report = await ReadyAsync(health, cancellationToken);
                var checks = Checks(report);
                if (report.Status == HealthStatus.Healthy) return TypedResults.Ok(new ReadinessDto("ready", checks));
                var failed = checks.Where(c => c.Status != nameof(HealthStatus.Healthy)).ToList();
                return TypedResults.Problem(
                    title: "Not ready.",
                    detail: string.Join("; ", failed.Select(c => $"{c.Name}: {c.Description}")),
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    type: ProblemType,
                    extensions: new Dictionary<string, object?> { ["checks"] = checks });
            })
            .WithTags("Ops").WithSummary("200 when every dependency tagged ready answers (database, writer, …); 503 with a problem naming what failed.")
            .AllowAnonymous();

        app.MapGet("/healthz", async (HealthCheckService health, IngestionWriter writer, CancellationToken cancellationToken) =>
            {
                var report = await ReadyAsync(health, cancellationToken);
                var healthy = report.Status == HealthStatus.Healthy;
                var database = report.Entries.TryGetValue(HealthChecks.Database, out var entry) ? entry.Description ?? entry.Status.ToString() : "unknown";
                var body = new HealthDto(healthy ? "healthy" : "unhealthy", database, writer.IsRunning ? "running" : "stopped", writer.QueueDepth, writer.LastCommitAt?.UtcDateTime);
                return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Ops").WithSummary("The ready verdict (as /healthz/ready) with the writer's queue depth and last commit.").AllowAnonymous();
        return app;
    }

    private static Task<HealthReport> ReadyAsync(HealthCheckService health, CancellationToken cancellationToken) =>
        health.CheckHealthAsync(c => c.Tags.Contains(HealthChecks.ReadyTag), cancellationToken);

    private static List<HealthCheckDto> Checks(HealthReport report) =>
        [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new HealthCheckDto(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))];
}
