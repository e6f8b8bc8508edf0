using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        var rules = app.MapGroup("/api/v1/rules").WithTags("Alarms").WithBodyLimit(64 * 1024);
        rules.MapGet("", async (AlarmStore store, CancellationToken ct) =>
                TypedResults.Ok((await store.ListRulesAsync(ct)).Select(r => RuleDto.From(r.Rule, r.LastEvaluatedAt, r.OpenAlarms, r.NoiseRate))))
            .RequireAuthorization(Policies.Read).WithSummary("Alarm rules.");
        rules.MapGet("/{id:int}", async Task<Results<Ok<RuleDto>, ProblemHttpResult>> (int id, AlarmStore store, CancellationToken ct) =>
                await store.GetRuleAsync(id, ct) is { } rule ? TypedResults.Ok(RuleDto.From(rule)) : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One rule.");
        rules.MapPost("", ([FromBody] RuleDto body, HttpContext context, AlarmStore store, FailureModeStore failureModes) => SaveAsync(null, body, context, store, failureModes))
            .RequireAuthorization(Policies.Edit).WithSummary("Create a rule; with failureModeId it is linked to that failure mode in the same transaction.");
        rules.MapPut("/{id:int}", (int id, [FromBody] RuleDto body, HttpContext context, AlarmStore store, FailureModeStore failureModes) => SaveAsync(id, body, context, store, failureModes))
            .RequireAuthorization(Policies.Edit).WithSummary("Replace a rule.");
        rules.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext context, AlarmStore store) =>
                await store.DeleteRuleAsync(id, context.User.ActorName(), context.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a rule and its alarms.");
        rules.MapGet("/{id:int}/versions", async Task<Results<Ok<IEnumerable<VersionDto>>, ProblemHttpResult>> (int id, AlarmStore store, VersionStore versions, CancellationToken ct) =>
                await store.GetRuleAsync(id, ct) is null
                    ? Problems.NotFound($"No rule {id}.")
                    : TypedResults.Ok((await versions.ListAsync(VersionStore.Rule, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct)).Select(VersionDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("A rule's versions, newest first: author, time, reason, the snapshot and the diff against the previous version.");
        rules.MapPost("/{id:int}/rollback/{version:int}", RollbackAsync).RequireAuthorization(Policies.Edit).WithBodyLimit(ReasonRequest.MaxBodyBytes)
            .WithSummary("Restore a version; the rollback is itself a new version. Optional body {\"reason\"}.");
        rules.MapPost("/backtest", BacktestAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Replay a rule (same fields as a rule) over past data: would-have-fired count, firings, firing fraction.");
        rules.MapPost("/suggest", SuggestAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Threshold suggestions from the rule's history (percentile + margin, mean ± kσ, median ± k·MAD, same hour of week), each with its backtest count.");
        rules.MapPost("/{id:int}/evaluate", async Task<Results<Ok<IEnumerable<AlarmDto>>, ProblemHttpResult>> (int id, RuleEvaluationService evaluator, CancellationToken ct) =>
                await evaluator.EvaluateAsync(id, ct) is { } changed ? TypedResults.Ok(changed.Select(AlarmDto.From)) : Problems.NotFound($"No rule {id}."))
            .RequireAuthorization(Policies.Operate).WithSummary("Evaluate now; returns the alarms whose state changed.");

        var alarms = app.MapGroup("/api/v1/alarms").WithTags("Alarms").WithBodyLimit(16 * 1024);
        alarms.MapGet("", ListAsync).RequireAuthorization(Policies.Read).WithSummary("Alarms, newest first; filter by state and ruleId.");
        alarms.MapGet("/{id:long}", async Task<Results<Ok<AlarmDetailDto>, ProblemHttpResult>> (long id, AlarmStore store, CancellationToken ct) =>
                await store.GetAlarmAsync(id, ct) is { } detail
                    ? TypedResults.Ok(new AlarmDetailDto(AlarmDto.From(detail.Alarm), RuleDto.From(detail.Rule), [.. detail.Timeline.Select(TimelineDto.Of)]))
                    : Problems.NotFound($"No alarm {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One alarm with its timeline.");
        alarms.MapPost("/{id:long}/ack", AcknowledgeAsync).RequireAuthorization(Policies.Operate).WithSummary("Acknowledge with a comment and optional expiry.");
        alarms.MapPost("/{id:long}/resolve", ResolveAsync).RequireAuthorization(Policies.Operate).WithSummary("Resolve by hand with a comment.");
        return app;
    }

    private static async Task<Results<Created<RuleDto>, Ok<RuleDto>, ProblemHttpResult>> SaveAsync(
        int? id, RuleDto body, HttpContext context, AlarmStore store, FailureModeStore failureModes)
    {
        var (rule, issues) = body.ToRule();
        if (issues.Count > 0) return Problems.Validation(issues);
        var actor = context.User.ActorName();
        var result = body.FailureModeId is { } failureModeId
            ? await failureModes.SaveLinkedRuleAsync(failureModeId, id, rule, actor, body.Reason, context.RequestAborted)
            : await store.SaveRuleAsync(id, rule, actor, body.Reason, context.RequestAborted);
        if (!result.IsOk) return result.ToProblem(context, $"No rule {id}.");
        return id is null ? RuleDto.Created(result.Value) : TypedResults.Ok(RuleDto.From(result.Value));
    }

    private static async Task<Results<Ok<RuleDto>, ProblemHttpResult>> RollbackAsync(
        int id, int version, [FromBody] ReasonRequest? body, HttpContext context, AlarmStore store, VersionStore versions)
    {
        if (ReasonRequest.Invalid(body) is { } invalid) return invalid;
        var result = await store.RollbackRuleAsync(id, version, context.User.ActorName(), body?.Reason, versions, context.RequestAborted);
        return result.ToHttp(context, rule => TypedResults.Ok(RuleDto.From(rule)), $"No rule {id}.");
    }

    public sealed record BacktestRequest(RuleDto? Rule, DateTimeOffset? From, DateTimeOffset? To);

    public sealed record FiringDto(DateTime Start, DateTime End, double? Peak, Dictionary<string, string> Tags);

    public sealed record BacktestResponse(int Count, IReadOnlyList<FiringDto> Firings, double FiringFraction, int Steps);

    private static async Task<Results<Ok<BacktestResponse>, ProblemHttpResult>> BacktestAsync(
        [FromBody] BacktestRequest body, HttpContext context, BacktestService backtests, TimeProvider clock)
    {
        if (body.Rule is null) return Problems.Validation("rule", "Required: the rule to replay.");
        var (rule, issues) = body.Rule.ToRule();
        if (issues.Count > 0) return Problems.Validation(issues);
        var to = body.To ?? clock.GetUtcNow();
        var from = body.From ?? to.AddDays(-7);
        var run = await backtests.RunAsync(rule, from, to, context.RequestAborted);
        return run.ToHttp(context, result => TypedResults.Ok(new BacktestResponse(
            result.Count,
            [.. result.Firings.Select(f => new FiringDto(f.Start.UtcDateTime, f.End.UtcDateTime, f.Peak, f.Tags.ToDictionary()))],
            result.FiringFraction,
            result.Steps)));
    }

    public sealed record SuggestRequest(RuleDto? Rule, int? Days, double? Percentile, double? Margin, double? K);

    private static async Task<Results<Ok<SuggestResponse>, ProblemHttpResult>> SuggestAsync(
        [FromBody] SuggestRequest body, HttpContext context, BacktestService backtests, TimeProvider clock)
    {
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
        var suggested = await backtests.SuggestAsync(rule, to.AddDays(-days), to, options, context.RequestAborted);
        return suggested.ToHttp(context, report => TypedResults.Ok(SuggestResponse.From(report)));
    }

    private static async Task<Results<Ok<IEnumerable<AlarmDto>>, ProblemHttpResult>> ListAsync(HttpRequest request, AlarmStore store, CancellationToken cancellationToken)
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
        return TypedResults.Ok(alarms.Select(AlarmDto.From));
    }

    private static async Task<Results<Ok<AlarmDto>, ProblemHttpResult>> AcknowledgeAsync(long id, [FromBody] AckRequest body, HttpContext context, AlarmStore store)
    {
        if (!TryFeedback(body.Feedback, out var feedback)) return Problems.Validation("feedback", "One of useful, noise.");
        return Map(id, context, await store.AcknowledgeAsync(id, body.Comment, body.ExpiresInMinutes, context.User.ActorName(), feedback, context.RequestAborted));
    }

    private static async Task<Results<Ok<AlarmDto>, ProblemHttpResult>> ResolveAsync(long id, [FromBody] ResolveRequest body, HttpContext context, AlarmStore store)
    {
        if (!TryFeedback(body.Feedback, out var feedback)) return Problems.Validation("feedback", "One of useful, noise.");
        return Map(id, context, await store.ResolveAsync(id, body.Comment, context.User.ActorName(), feedback, context.RequestAborted));
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
    private static Results<Ok<AlarmDto>, ProblemHttpResult> Map(long id, HttpContext context, StoreResult<AlarmView> result) => result.Outcome == StoreOutcome.Conflict
        ? TypedResults.Problem(title: "Conflict.", detail: result.Issues[0].Reason, statusCode: StatusCodes.Status409Conflict, type: "https://monitorhub.dev/problems/conflict")
        : result.ToHttp(context, alarm => TypedResults.Ok(AlarmDto.From(alarm)), $"No alarm {id}.");
}

/// <summary>An alarm with its rule and every transition, acknowledgement and comment.</summary>
public sealed record AlarmDetailDto(AlarmDto Alarm, RuleDto Rule, IReadOnlyList<TimelineDto> Timeline);

public sealed record SuggestionDto(
    string Method, string Label, double Threshold, double? ClearThreshold, IReadOnlyList<double>? HourOfWeekThresholds, int Count, double FiringFraction);

public sealed record SuggestResponse(int Samples, int CurrentCount, IReadOnlyList<SuggestionDto> Suggestions)
{
    public static SuggestResponse From(SuggestionReport report) => new(report.Samples, report.CurrentCount, [.. report.Suggestions.Select(s => new SuggestionDto(
        s.Suggestion.Method, s.Suggestion.Label, s.Suggestion.Threshold, s.ClearThreshold, s.Suggestion.HourOfWeek, s.Count, s.FiringFraction))]);
}
