using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Infrastructure.Ops;
using MonitorHub.Web.Features.Security;

namespace MonitorHub.Web.Features.Ops;

public sealed record BackupDto(string File, long Bytes, DateTime CreatedAt)
{
    public static BackupDto From(BackupInfo b) => new(b.File, b.Bytes, b.CreatedAt.UtcDateTime);
}

public static class BackupEndpoints
{
    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/backups").WithTags("Ops").RequireAuthorization(Policies.Admin);
        group.MapGet("", (BackupService backups) => TypedResults.Ok(backups.List().Select(BackupDto.From)))
            .WithSummary("Backups in the data folder's backups/, newest first (the last 10 are kept).");
        group.MapPost("", async Task<Results<Created<BackupDto>, ProblemHttpResult>> (HttpContext context, BackupService backups) =>
            {
                // On PostgreSQL the server is backed up by its own tools: a clear 409, never a 500.
                if (!backups.Supported)
                {
                    return TypedResults.Problem(title: "Backups are the database server's.", detail: BackupService.NotSupportedMessage,
                        statusCode: StatusCodes.Status409Conflict, type: "https://monitorhub.dev/problems/backup-by-database-server");
                }

                var created = await backups.CreateAsync(context.User.ActorName(), context.RequestAborted);
                return TypedResults.Created($"/api/v1/admin/backups/{created.File}", BackupDto.From(created));
            })
            .WithSummary("Write a consistent copy of the database (VACUUM INTO) while MonitorHub runs; no body. On PostgreSQL: 409 (use pg_dump or PITR).");
        return app;
    }
}
