using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Automation;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Automation;
using MonitorHub.Web.Features.Deployments;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Automation;

public static class AutomationEndpoints
{
    public static IEndpointRouteBuilder MapAutomationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/systems/{name}/automation").WithTags("Automation").WithBodyLimit(16 * 1024);
        group.MapGet("", GetAsync).RequireAuthorization(Policies.Read)
            .WithSummary("The system's degree of automation, τ, the history of changes and the evidence (paired shadow answers of the last days).");
        group.MapPost("", ChangeAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Change the degree: {degree, reason (required), threshold (τ, needed for partialAutomation)}; a raise keeps the evidence it was shown.");
        group.MapGet("/thresholds", ThresholdsAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Precision and share automated per τ from the labelled log; suggests the lowest τ reaching targetPrecision (default 0.95).");
        return app;
    }

    private static async Task<Results<Ok<AutomationDto>, ProblemHttpResult>> GetAsync(string name, HttpContext context, AutomationStore store)
    {
        var view = await store.GetAsync(name, context.RequestAborted);
        return view is null || !context.User.MaySee(view.SystemId) ? NotFound(name) : TypedResults.Ok(AutomationDto.From(view));
    }

    private static async Task<Results<Ok<AutomationDto>, ProblemHttpResult>> ChangeAsync(
        string name, [FromBody] AutomationChangeBody body, HttpContext context, AutomationStore store)
    {
        if (await store.GetAsync(name, context.RequestAborted) is not { } current || !context.User.MaySee(current.SystemId)) return NotFound(name);
        var issues = new List<ValidationIssue>();
        var degree = Wire.Parse<AutomationDegree>(body.Degree, "degree", (AutomationDegree)(-1), issues);
        if (body.Degree is null) issues.Add(new(null, "degree", "Required: one of " + string.Join(", ", Enum.GetValues<AutomationDegree>().Select(Wire.Name)) + "."));
        if (issues.Count > 0) return Problems.Validation(issues);
        var result = await store.ChangeAsync(name, new AutomationRequest(degree, body.Reason, body.Threshold), context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, view => TypedResults.Ok(AutomationDto.From(view)), $"No system '{name}'.");
    }

    private static async Task<Results<Ok<ThresholdsDto>, ProblemHttpResult>> ThresholdsAsync(
        string name, HttpRequest request, HttpContext context, AutomationStore store, IOptions<MonitorHubOptions> options)
    {
        var target = 0.95;
        if (request.Query["targetPrecision"].ToString() is { Length: > 0 } text)
        {
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out target) || !double.IsFinite(target) || target is <= 0 or > 1)
                return Problems.Validation("targetPrecision", "A precision between 0 (exclusive) and 1.");
        }

        if (await store.GetAsync(name, context.RequestAborted) is not { } view || !context.User.MaySee(view.SystemId)) return NotFound(name);
        var curve = await store.ThresholdsAsync(name, target, context.RequestAborted);
        return curve is null ? NotFound(name) : TypedResults.Ok(ThresholdsDto.From(curve, options.Value.Automation.EvidenceDays));
    }

    private static ProblemHttpResult NotFound(string name) => Problems.NotFound($"No system '{name}'.");
}
