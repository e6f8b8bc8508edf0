using Microsoft.Data.Sqlite;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Features.Ops;

public sealed record HealthDto(string Status, string Database, string Writer, int QueueDepth, DateTime? LastCommitAt);

public static class HealthEndpoint
{
    /// <summary>200 when the database answers and the writer runs; 503 otherwise, with the reason.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IngestionWriter writer, DataPaths paths) =>
        {
            string database;
            try
            {
                using var connection = new SqliteConnection(paths.ConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                command.ExecuteScalar();
                database = "ok";
            }
            catch (SqliteException ex)
            {
                database = "unreachable: " + ex.SqliteErrorCode;
            }

            var healthy = database == "ok" && writer.IsRunning;
            var body = new HealthDto(healthy ? "healthy" : "unhealthy", database, writer.IsRunning ? "running" : "stopped", writer.QueueDepth, writer.LastCommitAt?.UtcDateTime);
            return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Ops").AllowAnonymous();
        return app;
    }
}
