using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Scrape;

/// <summary>A target to create or replace. On an update a missing <see cref="BearerToken"/> keeps the
/// stored token and an empty one removes it; the token is never returned.</summary>
public sealed record ScrapeTargetRequest(
    string? Name, string? Url, int? IntervalSeconds, int? TimeoutSeconds, int? SystemId, int? ComponentId,
    List<string>? Allowlist, Dictionary<string, string>? ExtraTags, string? BearerToken, bool? Enabled)
{
    public ScrapeTargetDraft ToDraft() => new(Name, Url, IntervalSeconds, TimeoutSeconds, SystemId, ComponentId, Allowlist, ExtraTags, BearerToken, Enabled);
}

/// <summary>A target as listed: whether it has a token, never the token. <see cref="LastError"/> is
/// given to editors only (for anyone else it would probe MonitorHub's network).</summary>
public sealed record ScrapeTargetDto(
    int Id, string Name, string Url, int IntervalSeconds, int TimeoutSeconds, int? SystemId, int? ComponentId,
    IReadOnlyList<string> Allowlist, IReadOnlyDictionary<string, string> ExtraTags, bool HasBearerToken, bool Enabled,
    string Health, DateTime? LastScrapeAt, string? LastError, double? LastDurationSeconds, int LastSamples)
{
    public static ScrapeTargetDto From(ScrapeTarget t, bool withError) => new(
        t.Id, t.Name, t.Url, t.IntervalSeconds, t.TimeoutSeconds, t.SystemId, t.ComponentId, t.Allowlist, t.ExtraTags, t.HasBearerToken, t.Enabled,
        t.Status.Health.ToString().ToLowerInvariant(), t.Status.LastScrapeAt?.UtcDateTime, withError ? t.Status.LastError : null,
        t.Status.LastDurationSeconds, t.Status.LastSamples);
}

public static class ScrapeTargetEndpoints
{
    public static IEndpointRouteBuilder MapScrapeTargetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/scrape-targets").WithTags("Scrape targets").WithBodyLimit(32 * 1024);
        group.MapGet("", async (HttpContext context, ScrapeTargetStore store, CancellationToken ct) =>
                TypedResults.Ok((await store.ListAsync(ct)).Where(t => context.User.MaySee(t.SystemId)).Select(t => ScrapeTargetDto.From(t, IsEditor(context)))))
            .RequireAuthorization(Policies.Read).WithSummary("Prometheus endpoints MonitorHub pulls, with the health of their last scrape.");
        group.MapGet("/{id:int}", async Task<Results<Ok<ScrapeTargetDto>, ProblemHttpResult>> (int id, HttpContext context, ScrapeTargetStore store) =>
                await store.GetAsync(id, context.RequestAborted) is { } t && context.User.MaySee(t.SystemId)
                    ? TypedResults.Ok(ScrapeTargetDto.From(t, IsEditor(context)))
                    : Problems.NotFound($"No scrape target {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One scrape target.");
        group.MapPost("", async Task<Results<Created<ScrapeTargetDto>, ProblemHttpResult>> ([FromBody] ScrapeTargetRequest body, HttpContext context, ScrapeTargetStore store) =>
                (await store.CreateAsync(body.ToDraft(), context.User.ActorName(), context.RequestAborted))
                    .ToHttp(context, t => TypedResults.Created($"/api/v1/scrape-targets/{t.Id}", ScrapeTargetDto.From(t, true))))
            .RequireAuthorization(Policies.Edit)
            .WithSummary("Add a target: url (http/https), intervalSeconds (>= 5, default 15), timeoutSeconds (< interval), optional bearerToken (never returned).");
        group.MapPut("/{id:int}", async Task<Results<Ok<ScrapeTargetDto>, ProblemHttpResult>> (int id, [FromBody] ScrapeTargetRequest body, HttpContext context, ScrapeTargetStore store) =>
                (await store.UpdateAsync(id, body.ToDraft(), context.User.ActorName(), context.RequestAborted))
                    .ToHttp(context, t => TypedResults.Ok(ScrapeTargetDto.From(t, true)), $"No scrape target {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Replace a target; without bearerToken the stored token is kept, \"\" removes it.");
        group.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext context, ScrapeTargetStore store) =>
                await store.DeleteAsync(id, context.User.ActorName(), context.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No scrape target {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Stop scraping a target (its stored samples stay).");
        return app;
    }

    private static bool IsEditor(HttpContext context) => Policies.Allows(context.User, Permission.Edit);
}
