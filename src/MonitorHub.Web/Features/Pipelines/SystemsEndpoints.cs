using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Pipelines;

public sealed record ComponentDto(int Id, string Name, string Description);

public sealed record EdgeDto(int From, int To);

public sealed record SystemDto(int Id, string Name, string Description, IReadOnlyList<ComponentDto> Components, IReadOnlyList<EdgeDto> Edges)
{
    public static SystemDto From(SystemView view) => new(
        view.System.Id, view.System.Name, view.System.Description,
        [.. view.InPipelineOrder().Select(c => new ComponentDto(c.Id, c.Name, c.Description))],
        [.. view.Edges.Select(e => new EdgeDto(e.FromComponentId, e.ToComponentId))]);
}

/// <summary>A system's new shape, and why it changed (kept in its version history).</summary>
public sealed record SystemUpdateRequest(string? Name, string? Description, IReadOnlyList<ComponentDraft>? Components, IReadOnlyList<EdgeDraft>? Edges, string? Reason);

public static class SystemsEndpoints
{
    public static IEndpointRouteBuilder MapSystemsEndpoints(this IEndpointRouteBuilder app)
    {
        // Systems may be created with many components and edges at once.
        var group = app.MapGroup("/api/v1/systems").WithTags("Systems").WithBodyLimit(256 * 1024);
        group.MapGet("", async (CatalogueStore catalogue, CancellationToken ct) =>
            TypedResults.Ok((await catalogue.ListSystemsAsync(ct)).Select(SystemDto.From))).RequireAuthorization(Policies.Read).WithSummary("Systems with their pipelines.");
        group.MapGet("/{id:int}", async Task<Results<Ok<SystemDto>, ProblemHttpResult>> (int id, CatalogueStore catalogue, CancellationToken ct) =>
            await catalogue.GetSystemAsync(id, ct) is { } view ? TypedResults.Ok(SystemDto.From(view)) : Problems.NotFound($"No system {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One system.");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Edit).WithSummary("Create a system with its components and edges.");
        group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Replace a system's name, components and edges (a DAG: a cycle is a 400 naming edges); components keep their ids by name; a reason is required.");
        return app;
    }

    private static async Task<Results<Ok<SystemDto>, ProblemHttpResult>> UpdateAsync(int id, [FromBody] SystemUpdateRequest body, HttpContext context, CatalogueStore catalogue)
    {
        var result = await catalogue.UpdateSystemAsync(id, new SystemDraft(body.Name, body.Description, body.Components, body.Edges), context.User.ActorName(), body.Reason, context.RequestAborted);
        return result.ToHttp(context, system => TypedResults.Ok(SystemDto.From(system)), $"No system {id}.");
    }

    private static async Task<Results<Created<SystemDto>, ProblemHttpResult>> CreateAsync([FromBody] SystemDraft draft, HttpContext context, CatalogueStore catalogue)
    {
        var result = await catalogue.CreateSystemAsync(draft, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, system => TypedResults.Created($"/api/v1/systems/{system.System.Id}", SystemDto.From(system)));
    }
}
