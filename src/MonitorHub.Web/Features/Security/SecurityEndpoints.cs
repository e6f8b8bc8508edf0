using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
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

public static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<AppUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // The middleware only flags a bad token for endpoints that bind forms; this one checks itself.
            if (!await antiforgery.IsRequestValidAsync(context)) return Problems.Validation("__RequestVerificationToken", "Missing or invalid antiforgery token.");
            await signIn.SignOutAsync();
            return Results.LocalRedirect(SecuritySetup.LoginPath);
        }).RequireAuthorization().ExcludeFromDescription();

        var keys = app.MapGroup("/api/v1/keys").WithTags("Security").RequireAuthorization(Policies.Admin);
        keys.MapGet("", async (ApiKeyStore store, CancellationToken ct) => Results.Ok((await store.ListAsync(ct)).Select(ApiKeyDto.From)))
            .WithSummary("API keys (never their secrets).");
        keys.MapPost("", CreateKeyAsync).WithSummary("Create a key; the secret is in this response only.");
        keys.MapDelete("/{id}", async (string id, HttpContext context, ApiKeyStore store) =>
                await store.RevokeAsync(id, context.User.ActorName(), context.RequestAborted) ? Results.NoContent() : Problems.NotFound($"No key '{id}'."))
            .WithSummary("Revoke a key, effective immediately.");

        var users = app.MapGroup("/api/v1/users").WithTags("Security").RequireAuthorization(Policies.Admin);
        users.MapGet("", async (UserAdmin admin, CancellationToken ct) => Results.Ok(await admin.ListAsync(ct))).WithSummary("Users and their roles.");
        users.MapPost("", CreateUserAsync).WithSummary("Create a user with a role.");
        users.MapPut("/{userName}", UpdateUserAsync).WithSummary("Change a user's role, name or disabled state.");

        app.MapGet("/api/v1/audit", AuditAsync).WithTags("Security").RequireAuthorization(Policies.Read)
            .WithSummary("Audit log, newest first; filter by actor, entityType, from, to; page with skip/take.");

        var fields = app.MapGroup("/api/v1/systems/{id:int}/sensitive-fields").WithTags("Security");
        fields.MapGet("", async (int id, SensitiveFields store, CancellationToken ct) => Results.Ok(await store.GetAsync(id, ct)))
            .RequireAuthorization(Policies.Read).WithSummary("Fields redacted before storage for this system.");
        fields.MapPut("", SetFieldsAsync).RequireAuthorization(Policies.Admin).WithSummary("Replace the system's sensitive fields.");
        return app;
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, ApiKeyStore store, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<CreateKeyRequest>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var (key, issues) = await store.CreateAsync(read.Value!.Name, read.Value.SystemId, read.Value.Scopes, context.User.ActorName(), context.RequestAborted);
        return key is null ? Problems.Validation(issues)
            : Results.Created($"/api/v1/keys/{key.Info.Id}", new { key = ApiKeyDto.From(key.Info), secret = key.Secret });
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, UserAdmin admin, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<CreateUserRequest>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var r = read.Value!;
        var (user, issues) = await admin.CreateAsync(r.UserName, r.DisplayName, r.Password, r.Role, context.User.ActorName());
        return user is null ? Problems.Validation(issues) : Results.Created($"/api/v1/users/{user.UserName}", user);
    }

    private static async Task<IResult> UpdateUserAsync(string userName, HttpContext context, UserAdmin admin, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<UserUpdate>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var result = await admin.UpdateAsync(userName, read.Value!, context.User.ActorName());
        return result.ToHttp(user => Results.Ok(user), $"No user '{userName}'.");
    }

    private static async Task<IResult> SetFieldsAsync(int id, HttpContext context, SensitiveFields store, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<SensitiveFieldsRequest>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var issues = await store.SetAsync(id, read.Value!.Fields, context.User.ActorName(), context.RequestAborted);
        if (issues.Any(i => i.Field == "systemId")) return Problems.NotFound($"No system {id}.");
        return issues.Count > 0 ? Problems.Validation(issues) : Results.Ok(await store.GetAsync(id, context.RequestAborted));
    }

    private static async Task<IResult> AuditAsync(HttpRequest request, AuditLog audit, CancellationToken cancellationToken)
    {
        var issues = new List<Core.Metrics.ValidationIssue>();
        var filter = new AuditFilter(request.Query["actor"].ToString(), request.Query["entityType"].ToString(),
            QueryParameters.OptionalTime(request, "from", issues), QueryParameters.OptionalTime(request, "to", issues),
            QueryParameters.Int(request, "skip", 0, 0, int.MaxValue, issues), QueryParameters.Int(request, "take", 50, 1, 500, issues));
        if (issues.Count > 0) return Problems.Validation(issues);
        var (entries, total) = await audit.QueryAsync(filter, cancellationToken);
        return Results.Ok(new { total, entries = entries.Select(e => new { e.Id, at = e.At.UtcDateTime, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After }) });
    }
}
