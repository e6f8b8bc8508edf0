using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Infrastructure.BatchJobs;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Versioning;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Features.Versioning;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.BatchJobs;

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs").WithBodyLimit(16 * 1024);
        group.MapGet("", async (int? componentId, JobStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(componentId, ct)).Select(j => JobDto.From(j))))
            .RequireAuthorization(Policies.Read).WithSummary("Batch jobs with their state (ok, late, failing); componentId= lists one pipeline component's jobs.");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Read).WithSummary("One job: schedule, next expected run, last success, state and its alarm rules.");
        group.MapPut("/{name}", PutAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Define a job: cron (UTC) or everyMinutes, graceMinutes, componentId; a schedule creates its dead-man and failure rules unless createRules=false.");
        group.MapGet("/{name}/versions", async Task<Results<Ok<IEnumerable<VersionDto>>, ProblemHttpResult>> (string name, JobStore store, VersionStore versions, CancellationToken ct) =>
                await store.GetAsync(name, ct) is null
                    ? Problems.NotFound($"No job '{name}'.")
                    : TypedResults.Ok((await versions.ListAsync(JobStore.VersionType, name, ct)).Select(VersionDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("A job definition's versions, newest first, with diffs.");
        group.MapPost("/{name}/rules", CreateRulesAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create the job's failure rule and (when scheduled) its dead-man rule, skipping any that exist.");
        group.MapGet("/{name}/runs", RunsAsync).RequireAuthorization(Policies.Read).WithSummary("A job's runs, newest first (skip, take ≤ 500).");
        group.MapPost("/{name}/runs", ReportAsync).RequireAuthorization(Policies.IngestOrEdit).RequireRateLimiting(SecuritySetup.IngestLimiter)
            .WithSummary("Report a run {status: started|succeeded|failed, rowsIn, rowsOut, durationSeconds, message, runId}; a finished report with a started run's runId completes it.");
        return app;
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> GetAsync(string name, JobStore store, JobAlarmRules rules, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) is { } job
            ? TypedResults.Ok(JobDto.From(job, await rules.ForAsync(name, cancellationToken)))
            : Problems.NotFound($"No job '{name}'.");

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> PutAsync(string name, [FromBody] JobRequest body, HttpContext context, JobAlarmRules rules)
    {
        var saved = await rules.SaveAsync(body.ToJob(name), context.User.ActorName(), body.Reason, body.CreateRules != false, context.RequestAborted);
        if (!saved.IsOk) return saved.ToProblem(context);
        return TypedResults.Ok(JobDto.From(saved.Value, await rules.ForAsync(name, context.RequestAborted)));
    }

    private static async Task<Results<Ok<IEnumerable<JobRuleDto>>, ProblemHttpResult>> CreateRulesAsync(string name, HttpContext context, JobStore store, JobAlarmRules rules)
    {
        if (await store.GetAsync(name, context.RequestAborted) is not { } job) return Problems.NotFound($"No job '{name}'.");
        var created = await rules.EnsureAsync(job.Job, context.User.ActorName(), context.RequestAborted);
        return created.ToHttp(context, list => TypedResults.Ok(list.Select(JobRuleDto.From)));
    }

    private static async Task<Results<Ok<JobRunPageDto>, ProblemHttpResult>> RunsAsync(string name, int? skip, int? take, JobStore store, CancellationToken cancellationToken)
    {
        if (skip is < 0) return Problems.Validation("skip", "At least 0.");
        if (take is < 1 or > JobStore.MaxPageSize) return Problems.Validation("take", $"Between 1 and {JobStore.MaxPageSize}.");
        return await store.RunsAsync(name, skip ?? 0, take ?? 50, cancellationToken) is { } page
            ? TypedResults.Ok(new JobRunPageDto(page.Total, [.. page.Runs.Select(JobRunDto.From)]))
            : Problems.NotFound($"No job '{name}'.");
    }

    /// <summary>
    /// Checks the report against what is stored, writes the run's metrics (through the ingestion path, so
    /// a key bound to another system is refused and a full queue answers 429), and only then stores the run:
    /// nothing of a rejected report is kept.
    /// </summary>
    private static async Task<Results<Created<JobRunDto>, Ok<JobRunDto>, ProblemHttpResult>> ReportAsync(
        string name, [FromBody] JobRunRequest body, HttpContext context, JobStore store, SampleIngestion ingestion)
    {
        var prepared = await store.PrepareRunAsync(name, body.ToReport(), context.RequestAborted);
        if (!prepared.IsOk) return prepared.ToProblem(context);
        var run = prepared.Value;
        if (run.SystemId is { } system && !context.User.MaySee(system))
            return Problems.Forbidden([new(null, "name", $"Job '{name}' belongs to another system; this key reports only for system {context.User.KeySystem()}.")], "The report was rejected.");

        try
        {
            var (_, problem) = await ingestion.WriteAsync(context, JobMetricKeys.ForRun(run.Run), system: run.SystemId, component: run.ComponentId);
            if (problem is not null) return problem;
        }
        catch (SeriesLimitExceededException ex)
        {
            return Problems.TooMany(context, 60, ex.Message);
        }

        var stored = await store.CommitRunAsync(run, context.User.ActorName(), context.RequestAborted);
        if (!stored.IsOk) return stored.ToProblem(context);
        var dto = JobRunDto.From(stored.Value);
        return run.CompletesRunId is null ? TypedResults.Created($"/api/v1/jobs/{name}/runs/{dto.Id}", dto) : TypedResults.Ok(dto);
    }
}
