using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Automation;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Automation;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Features.Versioning;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Deployments;

public static class DeploymentEndpoints
{
    public const int MaxRouteKeyLength = 1000;

    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/deployments").WithTags("Deployments").WithBodyLimit(64 * 1024);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Read).WithSummary("Deployments, newest first; filter by model; skip/take paging.");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create a shadow, canary or blue-green deployment of a registered candidate version against a registered baseline.");
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(Policies.Read)
            .WithSummary("A deployment with every analysis run (measurements per arm) and every decision (actor, reason).");
        group.MapGet("/{id:long}/route", RouteAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Which version answers a request key: sticky by hash(salt, key) mod 10000 < weight × 100; decide = model or human by the system's degree of automation (and &score= against τ in partial automation).");
        group.MapPost("/{id:long}/analyze", AnalyzeAsync).RequireAuthorization(Policies.Edit).WithSummary("Run the analysis now; returns the run.");
        foreach (var action in Enum.GetValues<DeploymentAction>())
        {
            group.MapPost("/{id:long}/" + Wire.Name(action), (long id, [FromBody] ReasonRequest? body, HttpContext context, DeploymentStore store, ModelStore models) =>
                    ActAsync(id, action, body, context, store, models))
                .RequireAuthorization(Policies.Edit).WithBodyLimit(ReasonRequest.MaxBodyBytes)
                .WithSummary(Wire.Name(action) + " the deployment; body {\"reason\"} (required, kept with the decision).");
        }

        return app;
    }

    private static async Task<Results<Ok<DeploymentPageDto>, ProblemHttpResult>> ListAsync(
        HttpRequest request, HttpContext context, DeploymentStore store, ModelStore models, CancellationToken cancellationToken)
    {
        var issues = new List<ValidationIssue>();
        var skip = QueryParameters.Int(request, "skip", 0, 0, int.MaxValue, issues);
        var take = QueryParameters.Int(request, "take", 50, 1, 500, issues);
        if (issues.Count > 0) return Problems.Validation(issues);
        var model = request.Query["model"].ToString();
        if (context.User.KeySystem() is not null && model.Length > 0 && !await MaySeeAsync(context, models, model, cancellationToken))
            return TypedResults.Ok(new DeploymentPageDto(0, []));
        var page = await store.ListAsync(model, skip, take, cancellationToken);
        var visible = new List<DeploymentDto>();
        foreach (var d in page.Items)
        {
            if (await MaySeeAsync(context, models, d.Spec.Model, cancellationToken)) visible.Add(DeploymentDto.From(d, latest: page.LatestRuns.GetValueOrDefault(d.Id)));
        }

        return TypedResults.Ok(new DeploymentPageDto(page.Total, visible));
    }

    private static async Task<Results<Created<DeploymentDto>, ProblemHttpResult>> CreateAsync(
        [FromBody] CreateDeploymentRequest body, HttpContext context, DeploymentStore store, ModelStore models)
    {
        var (spec, issues) = body.ToSpec();
        if (issues.Count > 0) return Problems.Validation(issues);
        if (!await MaySeeAsync(context, models, spec.Model, context.RequestAborted)) return Problems.Validation("model", $"No model '{spec.Model}' in this key's system.");
        var result = await store.CreateWithSecretAsync(spec, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, c => TypedResults.Created($"/api/v1/deployments/{c.Deployment.Id}", DeploymentDto.From(c.Deployment, [], []) with { WebhookSecret = c.WebhookSecret }));
    }

    private static async Task<Results<Ok<DeploymentDto>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, DeploymentStore store, ModelStore models, CancellationToken cancellationToken)
    {
        var detail = await store.GetAsync(id, cancellationToken);
        if (detail is null || !await MaySeeAsync(context, models, detail.Deployment.Spec.Model, cancellationToken)) return NotFound(id);
        return TypedResults.Ok(DeploymentDto.From(detail.Deployment, detail.Runs, detail.Decisions));
    }

    private static async Task<Results<Ok<RouteDto>, ProblemHttpResult>> RouteAsync(
        long id, HttpRequest request, DeploymentRouter router, AutomationCache automation, CancellationToken cancellationToken)
    {
        var key = request.Query["key"].ToString();
        if (key.Length == 0) return Problems.Validation("key", "Required: the request's key (a user, session or request id) that keeps its answer sticky.");
        if (key.Length > MaxRouteKeyLength) return Problems.Validation("key", $"At most {MaxRouteKeyLength} characters.");
        // System-bound keys are not checked here: the answer names only versions, and a model lookup
        // per call would cost more than the whole decision.
        double? score = null;
        if (request.Query["score"].ToString() is { Length: > 0 } text)
        {
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) || !double.IsFinite(s))
                return Problems.Validation("score", "A number: the model's confidence for this request, compared with the system's threshold τ.");
            score = s;
        }

        if (await router.RouteAsync(id, key, cancellationToken) is not { } answer) return NotFound(id);
        // Who decides follows the model's system's degree of automation (in memory, like the arm).
        var decide = await automation.DecideAsync(router.ModelOf(id)!, score, cancellationToken);
        return TypedResults.Ok(new RouteDto(answer.Version, Wire.Name(answer.Arm), decide == Decider.Model ? "model" : "human"));
    }

    private static async Task<Results<Ok<AnalysisRunDto>, ProblemHttpResult>> AnalyzeAsync(
        long id, HttpContext context, DeploymentStore store, DeploymentController controller, ModelStore models)
    {
        if (await store.FindAsync(id, context.RequestAborted) is not { } d || !await MaySeeAsync(context, models, d.Spec.Model, context.RequestAborted)) return NotFound(id);
        var result = await controller.AnalyzeNowAsync(id, context.RequestAborted);
        return result.ToHttp(context, run => TypedResults.Ok(AnalysisRunDto.From(run)), $"No deployment {id}.");
    }

    private static async Task<Results<Ok<DeploymentDto>, ProblemHttpResult>> ActAsync(
        long id, DeploymentAction action, ReasonRequest? body, HttpContext context, DeploymentStore store, ModelStore models)
    {
        if (await store.FindAsync(id, context.RequestAborted) is not { } d || !await MaySeeAsync(context, models, d.Spec.Model, context.RequestAborted)) return NotFound(id);
        var result = await store.ActAsync(id, action, context.User.ActorName(), body?.Reason, context.RequestAborted);
        return result.ToHttp(context, changed => TypedResults.Ok(DeploymentDto.From(changed)), $"No deployment {id}.");
    }

    /// <summary>A key bound to a system sees deployments of that system's models only.</summary>
    private static async Task<bool> MaySeeAsync(HttpContext context, ModelStore models, string model, CancellationToken cancellationToken) =>
        context.User.KeySystem() is null || context.User.MaySee((await models.SettingsAsync(model, cancellationToken)).SystemId);

    private static ProblemHttpResult NotFound(long id) => Problems.NotFound($"No deployment {id}.");
}
