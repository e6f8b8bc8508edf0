using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.FailureModes;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.FailureModes;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.FailureModes;

public static class FailureModeEndpoints
{
    public static IEndpointRouteBuilder MapFailureModeEndpoints(this IEndpointRouteBuilder app)
    {
        var modes = app.MapGroup("/api/v1/failure-modes").WithTags("Failure modes").WithBodyLimit(64 * 1024);
        modes.MapGet("", async Task<Results<Ok<IEnumerable<FailureModeDto>>, ProblemHttpResult>> (HttpRequest request, FailureModeStore store, CancellationToken ct) =>
            {
                int? systemId = null;
                var text = request.Query["systemId"].ToString();
                if (text.Length > 0)
                {
                    if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) return Problems.Validation("systemId", "Must be a whole number.");
                    systemId = parsed;
                }

                return TypedResults.Ok((await store.ListAsync(systemId, ct)).Select(FailureModeDto.From));
            })
            .RequireAuthorization(Policies.Read).WithSummary("Failure modes, highest risk (likelihood × impact) first; filter by systemId.");
        modes.MapGet("/templates", () => TypedResults.Ok(FailureModeTemplates.All.Select(t => new TemplateDto(
                t.Id, t.Title, t.Description, t.Likelihood, t.Impact, [.. t.Metrics.Select(m => new TemplateMetricDto(m.Key, m.Category.ToString(), m.Why))]))))
            .RequireAuthorization(Policies.Read).WithSummary("Templates from the seed's examples, with suggested metrics.");
        modes.MapGet("/{id:int}", async Task<Results<Ok<FailureModeDto>, ProblemHttpResult>> (int id, FailureModeStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } mode ? TypedResults.Ok(FailureModeDto.From(mode)) : Problems.NotFound($"No failure mode {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One failure mode.");
        modes.MapPost("", ([FromBody] FailureModeDraft draft, HttpContext context, FailureModeStore store) => SaveAsync(null, draft, context, store))
            .RequireAuthorization(Policies.Edit).WithSummary("Brainstorm a failure mode.");
        modes.MapPut("/{id:int}", (int id, [FromBody] FailureModeDraft draft, HttpContext context, FailureModeStore store) => SaveAsync(id, draft, context, store))
            .RequireAuthorization(Policies.Edit).WithSummary("Replace a failure mode.");
        modes.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext context, FailureModeStore store) =>
                await store.DeleteAsync(id, context.User.ActorName(), context.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No failure mode {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a failure mode.");

        app.MapGet("/api/v1/coverage", async (FailureModeStore store, CancellationToken ct) => TypedResults.Ok(CoverageDto.From(await store.CoverageAsync(ct))))
            .WithTags("Failure modes").RequireAuthorization(Policies.Read)
            .WithSummary("Gaps: failure modes with no metric, metrics with no rule, rules that never fired in 30 days, rules on-call marks as noise.");

        var checklist = app.MapGroup("/api/v1/systems/{id:int}/checklist").WithTags("Failure modes").WithBodyLimit(64 * 1024);
        checklist.MapGet("", async Task<Results<Ok<SystemChecklist>, ProblemHttpResult>> (int id, FailureModeStore store, CatalogueStore catalogue, CancellationToken ct) =>
                await catalogue.GetSystemAsync(id, ct) is null
                    ? Problems.NotFound($"No system {id}.")
                    : TypedResults.Ok(await store.GetChecklistAsync(id, ct) ?? new SystemChecklist()))
            .RequireAuthorization(Policies.Read).WithSummary("A system's software-engineering checklist (defaults until saved).");
        checklist.MapPut("", PutChecklistAsync).RequireAuthorization(Policies.Edit).WithSummary("Save the checklist.");
        checklist.MapGet("/suggested-rules", async Task<Results<Ok<IEnumerable<SuggestedRuleDto>>, ProblemHttpResult>> (int id, FailureModeStore store, CatalogueStore catalogue, CancellationToken ct) =>
            {
                if (await catalogue.GetSystemAsync(id, ct) is not { } system) return Problems.NotFound($"No system {id}.");
                var metrics = (await catalogue.ListDefinitionsAsync(ct)).Where(d => d.SystemId == id).ToList();
                var suggested = SystemChecklists.SuggestRules(system.System.Name, await store.GetChecklistAsync(id, ct) ?? new SystemChecklist(), metrics);
                return TypedResults.Ok(suggested.Select(s => new SuggestedRuleDto(s.Reason, RuleDto.From(s.Rule))));
            })
            .RequireAuthorization(Policies.Read).WithSummary("Alarm rules the checklist's targets suggest; POST one to /api/v1/rules to create it.");
        return app;
    }

    private static async Task<Results<Created<FailureModeDto>, Ok<FailureModeDto>, ProblemHttpResult>> SaveAsync(
        int? id, FailureModeDraft draft, HttpContext context, FailureModeStore store)
    {
        var result = await store.SaveAsync(id, draft, context.User.ActorName(), context.RequestAborted);
        if (!result.IsOk) return result.ToProblem(context, $"No failure mode {id}.");
        var dto = FailureModeDto.From(result.Value);
        return id is null ? TypedResults.Created($"/api/v1/failure-modes/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<SystemChecklist>, ProblemHttpResult>> PutChecklistAsync(int id, [FromBody] SystemChecklist body, HttpContext context, FailureModeStore store)
    {
        var result = await store.SaveChecklistAsync(id, body, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, checklist => TypedResults.Ok(checklist), $"No system {id}.");
    }
}

public sealed record TemplateMetricDto(string Key, string Category, string Why);

public sealed record TemplateDto(string Id, string Title, string Description, int Likelihood, int Impact, IReadOnlyList<TemplateMetricDto> Metrics);

/// <summary>A rule a checklist target suggests, and which target.</summary>
public sealed record SuggestedRuleDto(string Reason, RuleDto Rule);

public sealed record FailureModeDto(
    int Id, string Title, string Description, int? SystemId, int? ComponentId, int Likelihood, int Impact, int Risk, string Status,
    IReadOnlyList<string> MetricKeys, IReadOnlyList<int> RuleIds, string? Template, DateTime UpdatedAt, string UpdatedBy)
{
    public static FailureModeDto From(FailureMode f) => new(
        f.Id, f.Title, f.Description, f.SystemId, f.ComponentId, f.Likelihood, f.Impact, f.Risk, FailureModeValidation.Name(f.Status),
        f.MetricKeys, f.RuleIds, f.Template, f.UpdatedAt.UtcDateTime, f.UpdatedBy);
}

public sealed record CoverageDto(
    IReadOnlyList<FailureModeDto> FailureModesWithoutMetric, IReadOnlyList<UncoveredMetric> MetricsWithoutRule,
    IReadOnlyList<RuleActivity> RulesNeverFired, IReadOnlyList<RuleActivity> NoisyRules, int PeriodDays, int FailureModes, int Metrics, int Rules,
    IReadOnlyList<PlannedMetric> PlannedMetrics)
{
    public static CoverageDto From(CoverageReport r) => new(
        [.. r.FailureModesWithoutMetric.Select(FailureModeDto.From)], r.MetricsWithoutRule, r.RulesNeverFired, r.NoisyRules,
        (int)FailureModeStore.CoveragePeriod.TotalDays, r.FailureModes, r.Metrics, r.Rules, r.PlannedMetrics);
}
