using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Incidents;

public static class IncidentEndpoints
{
    public const int DefaultLimit = 50;

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents").WithBodyLimit(16 * 1024);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Read)
            .WithSummary($"Incidents, newest first: ?state=open|acknowledged|resolved&systemId&before (the previous page's next)&limit (1–{IncidentStore.MaxLimit}, default {DefaultLimit}).");
        group.MapGet("/{id:long}", async Task<Results<Ok<IncidentDetailDto>, ProblemHttpResult>> (long id, IncidentStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } detail ? TypedResults.Ok(IncidentDetailDto.From(detail)) : Problems.NotFound($"No incident {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One incident: its alarms (origin, probably caused upstream, notifications held), the affected path and the timeline.");
        // The same role as acknowledging or resolving one alarm: the incident's action is that, for each of its alarms.
        group.MapPost("/{id:long}/ack", (long id, [FromBody] IncidentActionRequest body, HttpContext context, IncidentStore store) =>
                ActAsync(id, context, store.AcknowledgeAsync(id, body.Comment, context.User.ActorName(), context.RequestAborted)))
            .RequireAuthorization(Policies.Operate).WithSummary("Acknowledge every open alarm of the incident with one required comment.");
        group.MapPost("/{id:long}/resolve", (long id, [FromBody] IncidentActionRequest body, HttpContext context, IncidentStore store) =>
                ActAsync(id, context, store.ResolveAsync(id, body.Comment, context.User.ActorName(), context.RequestAborted)))
            .RequireAuthorization(Policies.Operate).WithSummary("Resolve every alarm of the incident with one required comment.");
        return app;
    }

    private static async Task<Results<Ok<IncidentDetailDto>, ProblemHttpResult>> ActAsync(long id, HttpContext context, Task<StoreResult<IncidentDetail>> action) =>
        (await action).ToHttp(context, detail => TypedResults.Ok(IncidentDetailDto.From(detail)), $"No incident {id}.");

    private static async Task<Results<Ok<IncidentPageDto>, ProblemHttpResult>> ListAsync(HttpRequest request, IncidentStore store, CancellationToken cancellationToken)
    {
        var issues = new List<ValidationIssue>();
        IncidentState? state = null;
        if (request.Query["state"].ToString() is { Length: > 0 } stateText)
        {
            if (IncidentStates.TryParse(stateText, out var parsed)) state = parsed;
            else issues.Add(new(null, "state", "One of open, acknowledged, resolved."));
        }

        var systemId = Whole(request, "systemId", issues);
        var before = Whole(request, "before", issues);
        var limit = Whole(request, "limit", issues) ?? DefaultLimit;
        if (limit is < 1 or > IncidentStore.MaxLimit) issues.Add(new(null, "limit", $"Between 1 and {IncidentStore.MaxLimit}."));
        if (systemId is < 1 or > int.MaxValue) issues.Add(new(null, "systemId", "No such system."));
        if (issues.Count > 0) return Problems.Validation(issues);

        var page = await store.ListAsync(state, (int?)systemId, before, (int)limit, cancellationToken);
        return TypedResults.Ok(new IncidentPageDto([.. page.Select(IncidentDto.From)], page.Count == limit ? page[^1].Id : null));
    }

    private static long? Whole(HttpRequest request, string name, List<ValidationIssue> issues)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        issues.Add(new(null, name, "Must be a whole number."));
        return null;
    }
}
