using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Models;

public sealed record ModelDto(string Name, int? SystemId, double SamplingRate, int RetentionDays, DateTime CreatedAt, DateTime? LastSeenAt)
{
    public static ModelDto From(ModelSettings m) =>
        new(m.Name, m.SystemId, m.SamplingRate, m.RetentionDays, m.CreatedAt.UtcDateTime, m.LastSeenAt?.UtcDateTime);
}

public sealed record ModelVersionRequest(string? Version, string? Description);

public sealed record ModelVersionDto(string Model, string Version, string Description, string CreatedBy, DateTime CreatedAt)
{
    public static ModelVersionDto From(ModelVersion v) => new(v.Model, v.Version, v.Description, v.CreatedBy, v.CreatedAt.UtcDateTime);
}

public sealed record PerformanceDto(
    DateTime T, long Predictions, long Labelled, double? LabelledFraction, double? Accuracy, double? ErrorRate,
    double? Mae, double? Rmse, double? MedianLabelDelaySeconds)
{
    public static PerformanceDto From(PerformanceBucket b) => new(
        b.Start.UtcDateTime, b.Predictions, b.Labelled, b.LabelledFraction, b.Accuracy, b.ErrorRate, b.Mae, b.Rmse, b.MedianLabelDelaySeconds);
}

/// <summary>A model with its performance over the last 24 hours of prediction time.</summary>
public sealed record ModelSummaryDto(ModelDto Model, DateTime From, DateTime To, PerformanceDto Last24Hours);

public sealed record PerformanceResponse(string Model, long Step, DateTime From, DateTime To, IReadOnlyList<PerformanceDto> Buckets);

public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models").WithBodyLimit(64 * 1024)
            .ScopedToKeySystem("name", "model", async (services, name, ct) => (await services.GetRequiredService<ModelStore>().SettingsAsync(name, ct)).SystemId);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Read).WithSummary("Models whose predictions are logged.");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Read).WithSummary("A model's settings and its performance over the last 24 h.");
        group.MapPut("/{name}", PutAsync).RequireAuthorization(Policies.Edit).WithSummary("Create or change a model's system, sampling rate and retention.");
        group.MapGet("/{name}/versions", VersionsAsync).RequireAuthorization(Policies.Read).WithSummary("A model's registered versions, oldest first.");
        group.MapPost("/{name}/versions", CreateVersionAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Register a version (versions seen in prediction logs register themselves).");
        group.MapGet("/{name}/performance", PerformanceAsync).RequireAuthorization(Policies.Read)
            .WithSummary("Predictions, labelled fraction, accuracy / error rate or MAE / RMSE and label delay per step.");
        return app;
    }

    private static async Task<Ok<IEnumerable<ModelDto>>> ListAsync(HttpContext context, ModelStore models, CancellationToken cancellationToken) =>
        TypedResults.Ok((await models.ListAsync(cancellationToken)).Where(m => context.User.MaySee(m.SystemId)).Select(ModelDto.From));

    private static async Task<Results<Ok<ModelSummaryDto>, ProblemHttpResult>> GetAsync(string name, ModelStore models, PredictionReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var model = await models.GetAsync(name, cancellationToken);
        if (model is null) return Problems.NotFound($"No model '{name}'.");
        var to = clock.GetUtcNow();
        var from = to - TimeSpan.FromHours(24);
        var summary = await reader.SummaryAsync(name, from, to, cancellationToken);
        return TypedResults.Ok(new ModelSummaryDto(ModelDto.From(model), from.UtcDateTime, to.UtcDateTime, PerformanceDto.From(summary)));
    }

    private static async Task<Results<Ok<ModelDto>, ProblemHttpResult>> PutAsync(string name, [FromBody] ModelUpdate update, HttpContext context, ModelStore models)
    {
        var result = await models.PutAsync(name, update, context.User.ActorName(), context.User.IsPrivacyAdmin(), context.RequestAborted);
        return result.ToHttp(context, model => TypedResults.Ok(ModelDto.From(model)));
    }

    private static async Task<Results<Ok<IEnumerable<ModelVersionDto>>, ProblemHttpResult>> VersionsAsync(string name, HttpContext context, ModelVersionStore versions)
    {
        var result = await versions.ListAsync(name, context.RequestAborted);
        return result.ToHttp(context, list => TypedResults.Ok(list.Select(ModelVersionDto.From)));
    }

    private static async Task<Results<Created<ModelVersionDto>, ProblemHttpResult>> CreateVersionAsync(
        string name, [FromBody] ModelVersionRequest body, HttpContext context, ModelVersionStore versions)
    {
        var result = await versions.CreateAsync(name, body.Version, body.Description, context.User.ActorName(), context.RequestAborted);
        return result.ToHttp(context, v => TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(name)}/versions", ModelVersionDto.From(v)));
    }

    private static async Task<Results<Ok<PerformanceResponse>, ProblemHttpResult>> PerformanceAsync(
        string name, HttpRequest request, ModelStore models, PredictionReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var issues = new List<ValidationIssue>();
        var to = QueryParameters.Time(request, "to", clock.GetUtcNow(), issues);
        var from = QueryParameters.Time(request, "from", to - TimeSpan.FromHours(24), issues);
        long? step = null;
        if (request.Query.TryGetValue("step", out var stepText))
        {
            if (long.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) step = s;
            else issues.Add(new(null, "step", "Must be a whole number of seconds."));
        }

        if (issues.Count > 0) return Problems.Validation(issues);
        // The same step rules as charts: aligned to the epoch, widened to at most 2 000 buckets.
        var plan = SeriesQueryPlan.Create(from, to, step, DateTimeOffset.MinValue, out var planIssue);
        if (plan is null) return Problems.Validation([planIssue!]);
        if (await models.GetAsync(name, cancellationToken) is null) return Problems.NotFound($"No model '{name}'.");

        var buckets = await reader.PerformanceAsync(name, from, to, plan.StepSeconds, cancellationToken);
        return TypedResults.Ok(new PerformanceResponse(name, plan.StepSeconds, from.UtcDateTime, to.UtcDateTime, [.. buckets.Select(PerformanceDto.From)]));
    }
}
