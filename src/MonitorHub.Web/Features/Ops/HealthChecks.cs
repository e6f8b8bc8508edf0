using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Features.Ops;

/// <summary>
/// What "ready" means for a node: ASP.NET Core health checks tagged <see cref="ReadyTag"/>, each a
/// dependency the node cannot serve without. <c>/healthz/ready</c> runs every check with the tag, so a
/// new dependency (Redis) is one <c>AddCheck</c> with the tag, and no endpoint changes.
/// </summary>
public static class HealthChecks
{
    public const string ReadyTag = "ready";
    public const string Database = "database";
    public const string Writer = "writer";

    /// <summary>A dependency that does not answer within this is reported unhealthy rather than waited for.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddMonitorHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(Database, tags: [ReadyTag], timeout: Timeout)
            .AddCheck<WriterHealthCheck>(Writer, tags: [ReadyTag], timeout: Timeout);
        return services;
    }
}

/// <summary><c>SELECT 1</c> on a connection of the store's provider (SQLite's file or PostgreSQL's pool).</summary>
public sealed class DatabaseHealthCheck(StoreConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("ok");
        }
        catch (DbException ex)
        {
            // The provider's message names what failed (refused connection, unknown database, …);
            // connection strings never appear in it.
            return HealthCheckResult.Unhealthy($"unreachable ({connections.Provider}): {ex.Message}");
        }
    }
}

/// <summary>The ingestion writer is running: without it samples would queue and never be acknowledged.</summary>
public sealed class WriterHealthCheck(IngestionWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.IsRunning ? HealthCheckResult.Healthy("running") : HealthCheckResult.Unhealthy("stopped"));
}
