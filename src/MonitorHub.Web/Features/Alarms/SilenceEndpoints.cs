using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Alarms;

public sealed record SilenceRequest(int? RuleId, string? Severity, Dictionary<string, string>? Tags, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Comment);

public sealed record SilenceDto(int Id, int? RuleId, string? Severity, IReadOnlyDictionary<string, string> Tags, DateTime StartsAt, DateTime EndsAt, string Comment, string CreatedBy, bool Active)
{
    public static SilenceDto From(Silence s, DateTimeOffset now) => new(
        s.Id, s.RuleId, s.Severity?.ToString().ToLowerInvariant(), s.Tags, s.StartsAt.UtcDateTime, s.EndsAt.UtcDateTime, s.Comment, s.CreatedBy, s.IsActive(now));
}

public static class SilenceEndpoints
{
    public static IEndpointRouteBuilder MapSilenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/silences").WithTags("Alarms").WithBodyLimit(16 * 1024);
        group.MapGet("", async (HttpRequest request, SilenceStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var all = string.Equals(request.Query["all"], "true", StringComparison.OrdinalIgnoreCase);
                var now = clock.GetUtcNow();
                return TypedResults.Ok((await store.ListAsync(all, ct)).Select(s => SilenceDto.From(s, now)));
            })
            .RequireAuthorization(Policies.Read).WithSummary("Silences in force or scheduled (all=true includes expired).");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Operate).WithSummary("Silence matching alarms' notifications for a while.");
        group.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext context, SilenceStore store) =>
                await store.ExpireAsync(id, context.User.ActorName(), context.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No silence {id}."))
            .RequireAuthorization(Policies.Operate).WithSummary("End a silence now.");

        app.MapGet("/api/v1/reports/oncall", OnCallAsync).WithTags("Alarms").RequireAuthorization(Policies.Read)
            .WithSummary("MTTA and MTTR per rule for alarms that opened in [from, to) (default: the last 7 days).");
        return app;
    }

    private static async Task<Results<Created<SilenceDto>, ProblemHttpResult>> CreateAsync([FromBody] SilenceRequest r, HttpContext context, SilenceStore store, TimeProvider clock)
    {
        Severity? severity = null;
        if (r.Severity is not null)
        {
            if (!Enum.TryParse<Severity>(r.Severity, ignoreCase: true, out var parsed)) return Problems.Validation("severity", "One of critical, warning, info.");
            severity = parsed;
        }

        var now = clock.GetUtcNow();
        var draft = new Silence(0, r.RuleId, severity, r.Tags ?? [], r.StartsAt ?? now, r.EndsAt ?? now.AddHours(1), r.Comment ?? "", "");
        var created = await store.CreateAsync(draft, context.User.ActorName(), context.RequestAborted);
        return created.ToHttp(context, silence => TypedResults.Created($"/api/v1/silences/{silence.Id}", SilenceDto.From(silence, now)));
    }

    private static async Task<Results<Ok<IEnumerable<OnCallDto>>, ProblemHttpResult>> OnCallAsync(HttpRequest request, AlarmStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var issues = new List<Core.Metrics.ValidationIssue>();
        var to = QueryParameters.Time(request, "to", now, issues);
        var from = QueryParameters.Time(request, "from", to.AddDays(-7), issues);
        if (issues.Count == 0 && to <= from) issues.Add(new(null, "to", "'to' must be later than 'from'."));
        if (issues.Count > 0) return Problems.Validation(issues);
        var stats = await store.OnCallReportAsync(from, to, cancellationToken);
        return TypedResults.Ok(stats.Select(s => new OnCallDto(
            s.RuleId, s.RuleName, s.Alarms, s.Acknowledged, s.Resolved, s.MeanTimeToAcknowledge?.TotalSeconds, s.MeanTimeToResolve?.TotalSeconds)));
    }
}

/// <summary>A rule's on-call numbers: alarms opened, how many were acknowledged and resolved, and the mean times to each.</summary>
public sealed record OnCallDto(int RuleId, string RuleName, int Alarms, int Acknowledged, int Resolved, double? MttaSeconds, double? MttrSeconds);
