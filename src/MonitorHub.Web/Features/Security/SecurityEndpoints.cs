using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Security;

public sealed record CreateKeyRequest(string? Name, int? SystemId, List<string>? Scopes);

public sealed record ApiKeyDto(string Id, string Name, int? SystemId, IReadOnlyList<string> Scopes, string CreatedBy, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static ApiKeyDto From(ApiKeyInfo k) => new(k.Id, k.Name, k.SystemId, Access.ScopeList(k.Scopes), k.CreatedBy,
        k.CreatedAt.UtcDateTime, k.LastUsedAt?.UtcDateTime, k.RevokedAt?.UtcDateTime);
}

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Password, Role? Role);

public sealed record SensitiveFieldsRequest(List<SensitiveField>? Fields);

/// <summary>A new key and its secret: the only time the secret is shown.</summary>
public sealed record CreatedKeyDto(ApiKeyDto Key, string Secret);

public sealed record AuditEntryDto(long Id, DateTime At, string Actor, string Action, string EntityType, string EntityId, string? Before, string? After);

public sealed record AuditPageDto(int Total, IReadOnlyList<AuditEntryDto> Entries);

public static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (HttpContext context, SignInManager<AppUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // The middleware only flags a bad token for endpoints that bind forms; this one checks itself.
            if (!await antiforgery.IsRequestValidAsync(context)) return Problems.Validation("__RequestVerificationToken", "Missing or invalid antiforgery token.");
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SecuritySetup.LoginPath);
        }).RequireAuthorization().ExcludeFromDescription();

        var keys = app.MapGroup("/api/v1/keys").WithTags("Security").RequireAuthorization(Policies.Admin).WithBodyLimit(16 * 1024);
        keys.MapGet("", async (ApiKeyStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(ApiKeyDto.From)))
            .WithSummary("API keys (never their secrets).");
        keys.MapPost("", CreateKeyAsync).WithSummary("Create a key; the secret is in this response only.");
        keys.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, HttpContext context, ApiKeyStore store) =>
                await store.RevokeAsync(id, context.User.ActorName(), context.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No key '{id}'."))
            .WithSummary("Revoke a key, effective immediately.");

        var users = app.MapGroup("/api/v1/users").WithTags("Security").RequireAuthorization(Policies.Admin).WithBodyLimit(16 * 1024);
        users.MapGet("", async (UserAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct))).WithSummary("Users and their roles.");
        users.MapPost("", CreateUserAsync).WithSummary("Create a user with a role.");
        users.MapPut("/{userName}", UpdateUserAsync).WithSummary("Change a user's role, name or disabled state.");

        app.MapGet("/api/v1/audit", AuditAsync).WithTags("Security").RequireAuthorization(Policies.Read)
            .WithSummary("Audit log, newest first; filter by actor, entityType, from, to; page with skip/take.");

        var fields = app.MapGroup("/api/v1/systems/{id:int}/sensitive-fields").WithTags("Security").WithBodyLimit(64 * 1024);
        fields.MapGet("", async (int id, SensitiveFields store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(id, ct)))
            .RequireAuthorization(Policies.Read).WithSummary("Fields redacted before storage for this system.");
        fields.MapPut("", SetFieldsAsync).RequireAuthorization(Policies.Admin).WithSummary("Replace the system's sensitive fields.");
        return app;
    }

    private static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> CreateKeyAsync([FromBody] CreateKeyRequest body, HttpContext context, ApiKeyStore store)
    {
        var created = await store.CreateAsync(body.Name, body.SystemId, body.Scopes, context.User.ActorName(), context.RequestAborted);
        return created.ToHttp(context, key => TypedResults.Created($"/api/v1/keys/{key.Info.Id}", new CreatedKeyDto(ApiKeyDto.From(key.Info), key.Secret)));
    }

    private static async Task<Results<Created<UserInfo>, ProblemHttpResult>> CreateUserAsync([FromBody] CreateUserRequest r, HttpContext context, UserAdmin admin)
    {
        var created = await admin.CreateAsync(r.UserName, r.DisplayName, r.Password, r.Role, context.User.ActorName());
        return created.ToHttp(context, user => TypedResults.Created($"/api/v1/users/{user.UserName}", user));
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> UpdateUserAsync(string userName, [FromBody] UserUpdate body, HttpContext context, UserAdmin admin)
    {
        var result = await admin.UpdateAsync(userName, body, context.User.ActorName());
        return result.ToHttp(context, user => TypedResults.Ok(user), $"No user '{userName}'.");
    }

    private static async Task<Results<Ok<IReadOnlyList<SensitiveField>>, ProblemHttpResult>> SetFieldsAsync(
        int id, [FromBody] SensitiveFieldsRequest body, HttpContext context, SensitiveFields store)
    {
        var result = await store.SetAsync(id, body.Fields, context.User.ActorName(), context.RequestAborted);
        if (!result.IsOk) return result.ToProblem(context, $"No system {id}.");
        return TypedResults.Ok(await store.GetAsync(id, context.RequestAborted));
    }

    private static async Task<Results<Ok<AuditPageDto>, ProblemHttpResult>> AuditAsync(HttpRequest request, AuditLog audit, CancellationToken cancellationToken)
    {
        var issues = new List<Core.Metrics.ValidationIssue>();
        var filter = new AuditFilter(request.Query["actor"].ToString(), request.Query["entityType"].ToString(),
            QueryParameters.OptionalTime(request, "from", issues), QueryParameters.OptionalTime(request, "to", issues),
            QueryParameters.Int(request, "skip", 0, 0, int.MaxValue, issues), QueryParameters.Int(request, "take", 50, 1, 500, issues));
        if (issues.Count > 0) return Problems.Validation(issues);
        var (entries, total) = await audit.QueryAsync(filter, cancellationToken);
        return TypedResults.Ok(new AuditPageDto(total, [.. entries.Select(e => new AuditEntryDto(e.Id, e.At.UtcDateTime, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After))]));
    }
}
