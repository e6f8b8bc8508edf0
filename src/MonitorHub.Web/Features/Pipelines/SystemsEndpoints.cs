using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
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

public static class SystemsEndpoints
{
    public static IEndpointRouteBuilder MapSystemsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/systems").WithTags("Systems");
        group.MapGet("", async (CatalogueStore catalogue, CancellationToken ct) =>
            Results.Ok((await catalogue.ListSystemsAsync(ct)).Select(SystemDto.From))).RequireAuthorization(Policies.Read).WithSummary("Systems with their pipelines.");
        group.MapGet("/{id:int}", async (int id, CatalogueStore catalogue, CancellationToken ct) =>
            await catalogue.GetSystemAsync(id, ct) is { } view ? Results.Ok(SystemDto.From(view)) : Problems.NotFound($"No system {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One system.");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Edit).WithSummary("Create a system with its components and edges.");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CatalogueStore catalogue, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<SystemDraft>(context.Request, json.Value.SerializerOptions, 256 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var result = await catalogue.CreateSystemAsync(read.Value!, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(system => Results.Created($"/api/v1/systems/{system.System.Id}", SystemDto.From(system)));
    }
}
