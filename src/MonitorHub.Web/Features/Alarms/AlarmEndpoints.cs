using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.FailureModes;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;
using MonitorHub.Infrastructure.Versioning;
using MonitorHub.Web.Features.Versioning;

namespace MonitorHub.Web.Features.Alarms;

public static class AlarmEndpoints
{
    public static IEndpointRouteBuilder MapAlarmEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/rules").WithTags("Alarms");
        rules.MapGet("", async (AlarmStore store, CancellationToken ct) =>
                Results.Ok((await store.ListRulesAsync(ct)).Select(r => RuleDto.From(r.Rule, r.LastEvaluatedAt, r.OpenAlarms, r.NoiseRate))))
            .RequireAuthorization(Policies.Read).WithSummary("Alarm rules.");
        rules.MapGet("/{id:int}", async (int id, AlarmStore store, CancellationToken ct) =>
                await store.GetRuleAsync(id, ct) is { } rule ? Results.Ok(RuleDto.From(rule)) : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One rule.");
        rules.MapPost("", (HttpContext context, AlarmStore store, FailureModeStore failureModes, IOptions<JsonOptions> json) => SaveAsync(null, context, store, failureModes, json))
            .RequireAuthorization(Policies.Edit).WithSummary("Create a rule; with failureModeId it is linked to that failure mode in the same transaction.");
        rules.MapPut("/{id:int}", (int id, HttpContext context, AlarmStore store, FailureModeStore failureModes, IOptions<JsonOptions> json) => SaveAsync(id, context, store, failureModes, json))
            .RequireAuthorization(Policies.Edit).WithSummary("Replace a rule.");
        rules.MapDelete("/{id:int}", async (int id, HttpContext context, AlarmStore store) =>
                await store.DeleteRuleAsync(id, context.User.ActorName(), context.RequestAborted) ? Results.NoContent() : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a rule and its alarms.");
        rules.MapGet("/{id:int}/versions", async (int id, AlarmStore store, VersionStore versions, CancellationToken ct) =>
                await store.GetRuleAsync(id, ct) is null
                    ? Problems.NotFound($"No rule {id}.")
                    : Results.Ok((await versions.ListAsync(VersionStore.Rule, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct)).Select(VersionDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("A rule's versions, newest first: author, time, reason, the snapshot and the diff against the previous version.");
        rules.MapPost("/{id:int}/rollback/{version:int}", RollbackAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Restore a version; the rollback is itself a new version. Optional body {\"reason\"}.");
        rules.MapPost("/backtest", BacktestAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Replay a rule (same fields as a rule) over past data: would-have-fired count, firings, firing fraction.");
        rules.MapPost("/suggest", SuggestAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Threshold suggestions from the rule's history (percentile + margin, mean ± kσ, median ± k·MAD, same hour of week), each with its backtest count.");
        rules.MapPost("/{id:int}/evaluate", async (int id, RuleEvaluationService evaluator, CancellationToken ct) =>
                await evaluator.EvaluateAsync(id, ct) is { } changed ? Results.Ok(changed.Select(AlarmDto.From)) : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Operate).WithSummary("Evaluate now; returns the alarms whose state changed.");

        var alarms = app.MapGroup("/api/v1/alarms").WithTags("Alarms");
        alarms.MapGet("", ListAsync).RequireAuthorization(Policies.Read).WithSummary("Alarms, newest first; filter by state and ruleId.");
        alarms.MapGet("/{id:long}", async (long id, AlarmStore store, CancellationToken ct) =>
                await store.GetAlarmAsync(id, ct) is { } detail
                    ? Results.Ok(new { alarm = AlarmDto.From(detail.Alarm), rule = RuleDto.From(detail.Rule), timeline = detail.Timeline.Select(TimelineDto.Of) })
                    : Problems.NotFound($"No alarm {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One alarm with its timeline.");
        alarms.MapPost("/{id:long}/ack", AcknowledgeAsync).RequireAuthorization(Policies.Operate).WithSummary("Acknowledge with a comment and optional expiry.");
        alarms.MapPost("/{id:long}/resolve", ResolveAsync).RequireAuthorization(Policies.Operate).WithSummary("Resolve by hand with a comment.");
        return app;
    }

    private static async Task<IResult> SaveAsync(int? id, HttpContext context, AlarmStore store, FailureModeStore failureModes, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<RuleDto>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var (rule, issues) = read.Value!.ToRule();
        if (issues.Count > 0) return Problems.Validation(issues);
        var actor = context.User.ActorName();
        var result = read.Value.FailureModeId is { } failureModeId
            ? await failureModes.SaveLinkedRuleAsync(failureModeId, id, rule, actor, read.Value.Reason, context.RequestAborted)
            : await store.SaveRuleAsync(id, rule, actor, read.Value.Reason, context.RequestAborted);
        return result.ToHttp(saved => id is null ? RuleDto.Created(saved) : Results.Ok(RuleDto.From(saved)), $"No rule {id}.");
    }

    private static async Task<IResult> RollbackAsync(int id, int version, HttpContext context, AlarmStore store, VersionStore versions, IOptions<JsonOptions> json)
    {
        var (reason, error) = await ReasonRequest.ReadOptionalAsync(context, json.Value.SerializerOptions);
        if (error is not null) return error;
        var result = await store.RollbackRuleAsync(id, version, context.User.ActorName(), reason, versions, context.RequestAborted);
        return result.ToHttp(rule => Results.Ok(RuleDto.From(rule)), $"No rule {id}.");
    }

    public sealed record BacktestRequest(RuleDto? Rule, DateTimeOffset? From, DateTimeOffset? To);

    private static async Task<IResult> BacktestAsync(HttpContext context, BacktestService backtests, TimeProvider clock, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<BacktestRequest>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        if (read.Value!.Rule is null) return Problems.Validation("rule", "Required: the rule to replay.");
        var (rule, issues) = read.Value.Rule.ToRule();
        if (issues.Count > 0) return Problems.Validation(issues);
        var to = read.Value.To ?? clock.GetUtcNow();
        var from = read.Value.From ?? to.AddDays(-7);
        var (result, problems) = await backtests.RunAsync(rule, from, to, context.RequestAborted);
        if (result is null) return Problems.Validation(problems);
        return Results.Ok(new
        {
            count = result.Count,
            firings = result.Firings.Select(f => new { start = f.Start.UtcDateTime, end = f.End.UtcDateTime, peak = f.Peak, tags = f.Tags.ToDictionary() }),
            firingFraction = result.FiringFraction,
            steps = result.Steps,
        });
    }

    public sealed record SuggestRequest(RuleDto? Rule, int? Days, double? Percentile, double? Margin, double? K);

    private static async Task<IResult> SuggestAsync(HttpContext context, BacktestService backtests, TimeProvider clock, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<SuggestRequest>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var body = read.Value!;
        if (body.Rule is null) return Problems.Validation("rule", "Required: the rule to suggest thresholds for.");
        var (rule, issues) = body.Rule.ToRule();
        var days = body.Days ?? 7;
        if (days is < 1 or > 28) issues.Add(new(null, "days", "Between 1 and 28 days of history."));
        var options = new MonitorHub.Core.Thresholds.SuggestionOptions(body.Percentile ?? 99, body.Margin ?? 0.1, body.K ?? 3);
        if (options.Percentile is <= 50 or >= 100 || !double.IsFinite(options.Percentile)) issues.Add(new(null, "percentile", "Between 50 and 100 (exclusive)."));
        if (options.Margin is < 0 or > 10 || !double.IsFinite(options.Margin)) issues.Add(new(null, "margin", "Between 0 and 10 (a fraction: 0.1 is 10 %)."));
        if (options.K is <= 0 or > 20 || !double.IsFinite(options.K)) issues.Add(new(null, "k", "Between 0 (exclusive) and 20."));
        if (issues.Count > 0) return Problems.Validation(issues);
        var to = clock.GetUtcNow();
        var (report, problems) = await backtests.SuggestAsync(rule, to.AddDays(-days), to, options, context.RequestAborted);
        if (report is null) return Problems.Validation(problems);
        return Results.Ok(new
        {
            samples = report.Samples,
            currentCount = report.CurrentCount,
            suggestions = report.Suggestions.Select(s => new
            {
                method = s.Suggestion.Method, label = s.Suggestion.Label, threshold = s.Suggestion.Threshold, clearThreshold = s.ClearThreshold,
                hourOfWeekThresholds = s.Suggestion.HourOfWeek, count = s.Count, firingFraction = s.FiringFraction,
            }),
        });
    }

    private static async Task<IResult> ListAsync(HttpRequest request, AlarmStore store, CancellationToken cancellationToken)
    {
        AlarmState? state = null;
        var stateText = request.Query["state"].ToString();
        if (stateText.Length > 0)
        {
            if (!Enum.TryParse<AlarmState>(stateText, ignoreCase: true, out var parsed)) return Problems.Validation("state", "One of pending, firing, acknowledged, resolved, noData.");
            state = parsed;
        }

        int? ruleId = null;
        var ruleText = request.Query["ruleId"].ToString();
        if (ruleText.Length > 0)
        {
            if (!int.TryParse(ruleText, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) return Problems.Validation("ruleId", "Must be a whole number.");
            ruleId = parsed;
        }

        var alarms = await store.ListAlarmsAsync(state, ruleId, openOnly: false, cancellationToken: cancellationToken);
        return Results.Ok(alarms.Select(AlarmDto.From));
    }

    private static async Task<IResult> AcknowledgeAsync(long id, HttpContext context, AlarmStore store, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<AckRequest>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        if (!TryFeedback(read.Value!.Feedback, out var feedback)) return Problems.Validation("feedback", "One of useful, noise.");
        return Map(id, await store.AcknowledgeAsync(id, read.Value.Comment, read.Value.ExpiresInMinutes, context.User.ActorName(), feedback, context.RequestAborted));
    }

    private static async Task<IResult> ResolveAsync(long id, HttpContext context, AlarmStore store, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<ResolveRequest>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        if (!TryFeedback(read.Value!.Feedback, out var feedback)) return Problems.Validation("feedback", "One of useful, noise.");
        return Map(id, await store.ResolveAsync(id, read.Value.Comment, context.User.ActorName(), feedback, context.RequestAborted));
    }

    private static bool TryFeedback(string? text, out AlarmFeedback? feedback)
    {
        feedback = null;
        if (text is null) return true;
        if (!Enum.TryParse<AlarmFeedback>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)) return false;
        feedback = parsed;
        return true;
    }

    // This 409 has never listed errors (unlike Problems.Conflict); clients know its body as it is.
    private static IResult Map(long id, StoreResult<AlarmView> result) => result.Outcome == StoreOutcome.Conflict
        ? Results.Problem(title: "Conflict.", detail: result.Issues[0].Reason, statusCode: StatusCodes.Status409Conflict, type: "https://monitorhub.dev/problems/conflict")
        : result.ToHttp(alarm => Results.Ok(AlarmDto.From(alarm)), $"No alarm {id}.");
}
