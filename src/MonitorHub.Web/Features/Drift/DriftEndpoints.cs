using MonitorHub.Core.Drift;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Drift;

/// <summary>References, drift monitors (scheduled runs) and streaming detectors, and the alarm rules they back.</summary>
public static class DriftEndpoints
{
    public static IEndpointRouteBuilder MapDriftEndpoints(this IEndpointRouteBuilder app)
    {
        var refs = app.MapGroup("/api/v1/models/{name}/references").WithTags("Drift").WithBodyLimit(64 * 1024)
            .ScopedToKeySystem("name", "model", async (services, name, ct) => (await services.GetRequiredService<ModelStore>().SettingsAsync(name, ct)).SystemId);
        refs.MapGet("", async (string name, DriftStore store, CancellationToken ct) => TypedResults.Ok((await store.ListReferencesAsync(name, ct)).Select(ReferenceDto.Of)))
            .RequireAuthorization(Policies.Read).WithSummary("A model's references.");
        // A CSV upload keeps its single-pass reader (buffer, then parse columns straight from the bytes).
        refs.MapPost("/csv", CreateCsvReferenceAsync).RequireAuthorization(Policies.Edit).WithBodyLimit(CsvReferenceMaxBytes)
            .WithSummary("Upload a CSV (header row; text/csv body, ≤ 8 MiB) as a reference: ?label=…; numeric columns are those whose every non-empty cell is a number.");
        refs.MapPost("", CreateReferenceAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Freeze a time range of the model's logs as a reference {\"name\",\"from\",\"to\",\"features\"}; its statistics are computed once and stored.");

        var monitors = app.MapGroup("/api/v1/drift/monitors").WithTags("Drift").WithBodyLimit(64 * 1024);
        monitors.MapGet("", async (string? model, DriftStore store, CancellationToken ct) => TypedResults.Ok((await store.ListMonitorsAsync(model, ct)).Select(MonitorDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Drift monitors; filter by model.");
        monitors.MapGet("/{id:int}", async Task<Results<Ok<MonitorDto>, ProblemHttpResult>> (int id, DriftStore store, CancellationToken ct) =>
                await store.GetMonitorAsync(id, ct) is { } m ? TypedResults.Ok(MonitorDto.From(m)) : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One monitor.");
        monitors.MapPost("", ([FromBody] MonitorDto body, HttpContext c, DriftStore s) => SaveMonitorAsync(null, body, c, s)).RequireAuthorization(Policies.Edit).WithSummary("Create a monitor.");
        monitors.MapPut("/{id:int}", (int id, [FromBody] MonitorDto body, HttpContext c, DriftStore s) => SaveMonitorAsync(id, body, c, s)).RequireAuthorization(Policies.Edit).WithSummary("Replace a monitor.");
        monitors.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext c, DriftStore s) =>
                await s.DeleteMonitorAsync(id, c.User.ActorName(), c.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a monitor and its runs.");
        monitors.MapPost("/{id:int}/run", async Task<Results<Ok<RunDto>, ProblemHttpResult>> (int id, DriftRunner runner, CancellationToken ct) =>
                await runner.RunAsync(id, ct) is { } run ? TypedResults.Ok(RunDto.From(run)) : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Operate).WithSummary("Run now; the run is stored and written as metrics like a scheduled one.");
        monitors.MapGet("/{id:int}/runs", async Task<Results<Ok<IEnumerable<RunDto>>, ProblemHttpResult>> (int id, int? take, DriftStore store, CancellationToken ct) =>
                await store.GetMonitorAsync(id, ct) is null ? Problems.NotFound($"No monitor {id}.") : TypedResults.Ok((await store.RunsAsync(id, take ?? 200, ct)).Select(RunDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Stored runs, newest first.");
        monitors.MapGet("/{id:int}/overlay", async Task<Results<Ok<OverlayDto>, ProblemHttpResult>> (int id, string? feature, DriftRunner runner, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(feature)) return Problems.Validation("feature", "Required: the feature to compare.");
                return await runner.OverlayAsync(id, feature, ct) is { } o
                    ? TypedResults.Ok(OverlayDto.From(o))
                    : Problems.NotFound($"No monitor {id} or no feature '{feature}' in its reference.");
            })
            .RequireAuthorization(Policies.Read).WithSummary("Reference vs current window of one feature: histogram (numeric) or category counts.");
        monitors.MapPost("/{id:int}/alarm", AlarmFromMonitorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create an alarm rule on the monitor's dataset drift, or on one feature ({\"feature\"}).");

        var detectors = app.MapGroup("/api/v1/drift/detectors").WithTags("Drift").WithBodyLimit(16 * 1024);
        detectors.MapGet("", async (string? model, DetectorService s, CancellationToken ct) => TypedResults.Ok((await s.ListAsync(model, ct)).Select(DetectorDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Streaming detectors.");
        detectors.MapPost("", CreateDetectorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create a Page–Hinkley / ADWIN detector on a metric or feature, or DDM on a model's labelled errors.");
        detectors.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, HttpContext c, DetectorService s) =>
                await s.DeleteAsync(id, c.User.ActorName(), c.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound($"No detector {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a detector.");
        detectors.MapGet("/{id:int}/events", async (int id, DateTimeOffset? from, DetectorService s, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok((await s.EventsAsync([id], from ?? clock.GetUtcNow().AddDays(-7), ct)).Select(e => new DetectorEventDto(e.At.UtcDateTime, e.Kind, e.Value))))
            .RequireAuthorization(Policies.Read).WithSummary("Detections and warnings since 'from' (default 7 days).");
        detectors.MapPost("/{id:int}/run", async (int id, DetectorService s, CancellationToken ct) => TypedResults.Ok(new DetectorRunDto(await s.RunAsync(id, ct))))
            .RequireAuthorization(Policies.Operate).WithSummary("Feed the detector what arrived since its last pass, now.");
        detectors.MapPost("/{id:int}/alarm", AlarmFromDetectorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create an alarm rule that fires for 10 minutes after each detection.");
        return app;
    }

    private const long CsvReferenceMaxBytes = 8 * 1024 * 1024;

    private static async Task<Results<Created<ReferenceDto>, ProblemHttpResult>> CreateReferenceAsync(
        string name, [FromBody] ReferenceRequest body, HttpContext context, DriftRunner runner, TimeProvider clock)
    {
        if (!PredictionLimits.IsValidModelName(name)) return Problems.Validation("name", "Not a model name.");
        if (body.Name is { Length: > 200 }) return Problems.Validation("name", "At most 200 characters.");
        var to = body.To ?? clock.GetUtcNow();
        var created = await runner.ReferenceFromLogsAsync(name, body.Name, body.From ?? to.AddDays(-1), to, body.Features, context.User.ActorName(), context.RequestAborted);
        return created.ToHttp(context, reference => TypedResults.Created($"/api/v1/models/{name}/references", ReferenceDto.Of(reference)));
    }

    private static async Task<Results<Created<ReferenceDto>, ProblemHttpResult>> CreateCsvReferenceAsync(string name, string? label, HttpContext context, DriftStore store)
    {
        if (!PredictionLimits.IsValidModelName(name)) return Problems.Validation("name", "Not a model name.");
        if (label is { Length: > 200 }) return Problems.Validation("label", "At most 200 characters.");
        var (body, error) = await RequestBody.BufferAsync(context.Request, CsvReferenceMaxBytes, context.RequestAborted);
        if (error is not null) return error;
        var parsed = await CsvReader.ParseAsync(body!, context.RequestAborted);
        if (parsed.Table is not { } table) return Problems.Validation("body", parsed.Error ?? "Not a CSV table.");
        if (table.RowCount == 0) return Problems.Validation("body", "The CSV has a header but no rows.");
        var profile = await Task.Run(() => MonitorHub.Core.Drift.ReferenceProfile.Build(CsvColumns.Columns(table)), context.RequestAborted);
        var reference = await store.AddReferenceAsync(name, string.IsNullOrWhiteSpace(label) ? "uploaded CSV" : label, "csv", null, null, table.RowCount, profile,
            context.User.ActorName(), context.RequestAborted);
        return TypedResults.Created($"/api/v1/models/{name}/references", ReferenceDto.Of(reference));
    }

    private static async Task<Results<Created<MonitorDto>, Ok<MonitorDto>, ProblemHttpResult>> SaveMonitorAsync(int? id, MonitorDto body, HttpContext context, DriftStore store)
    {
        var (monitor, issues) = body.ToMonitor();
        if (issues.Count > 0) return Problems.Validation(issues);
        var result = await store.SaveMonitorAsync(id, monitor, context.User.ActorName(), context.RequestAborted);
        if (!result.IsOk) return result.ToProblem(context, $"No monitor {id}.");
        var view = (await store.GetMonitorAsync(result.Value.Id, context.RequestAborted))!;
        return id is null ? TypedResults.Created($"/api/v1/drift/monitors/{view.Monitor.Id}", MonitorDto.From(view)) : TypedResults.Ok(MonitorDto.From(view));
    }

    private static async Task<Results<Created<DetectorDto>, ProblemHttpResult>> CreateDetectorAsync([FromBody] DetectorDto body, HttpContext context, DetectorService detectors)
    {
        var (definition, issues) = body.ToDefinition();
        if (issues.Count > 0) return Problems.Validation(issues);
        var result = await detectors.CreateAsync(definition, context.User.ActorName(), body.StartFrom, context.RequestAborted);
        return result.ToHttp(context, detector => TypedResults.Created($"/api/v1/drift/detectors/{detector.Definition.Id}", DetectorDto.From(detector)));
    }

    private static async Task<Results<Created<RuleDto>, ProblemHttpResult>> AlarmFromMonitorAsync(
        int id, [FromBody] AlarmFromDriftRequest? body, HttpContext context, DriftStore store, AlarmStore alarms)
    {
        if (await store.GetMonitorAsync(id, context.RequestAborted) is not { Monitor: var monitor }) return Problems.NotFound($"No monitor {id}.");
        if (InvalidSeverity(body) is { } invalid) return invalid;
        var rule = DriftAlarms.ForMonitor(monitor, body?.Feature, body?.Severity);
        var saved = await alarms.SaveRuleAsync(null, rule, context.User.ActorName(), $"Created from drift monitor '{monitor.Name}'", context.RequestAborted);
        return saved.ToHttp(context, RuleDto.Created);
    }

    private static async Task<Results<Created<RuleDto>, ProblemHttpResult>> AlarmFromDetectorAsync(
        int id, [FromBody] AlarmFromDriftRequest? body, HttpContext context, DetectorService detectors, AlarmStore alarms)
    {
        if (await detectors.GetAsync(id, context.RequestAborted) is not { Definition: var detector }) return Problems.NotFound($"No detector {id}.");
        if (InvalidSeverity(body) is { } invalid) return invalid;
        var rule = DriftAlarms.ForDetector(detector, body?.Severity);
        var saved = await alarms.SaveRuleAsync(null, rule, context.User.ActorName(), $"Created from detector '{detector.Name}'", context.RequestAborted);
        return saved.ToHttp(context, RuleDto.Created);
    }

    /// <summary>The body of "alarm on drift" is optional; when given, its severity must be one the rules know.</summary>
    private static ProblemHttpResult? InvalidSeverity(AlarmFromDriftRequest? body) =>
        body?.Severity is { } severity && !Enum.TryParse<Severity>(severity, ignoreCase: true, out _)
            ? Problems.Validation("severity", "One of critical, warning, info.")
            : null;
}

public sealed record DetectorEventDto(DateTime At, string Kind, double Value);

public sealed record DetectorRunDto(int Signals);

public sealed record HistogramDto(IReadOnlyList<double> Edges, IReadOnlyList<long> Reference, IReadOnlyList<long> Current);

public sealed record BarsDto(IReadOnlyList<string> Categories, IReadOnlyList<long> Reference, IReadOnlyList<long> Current);

/// <summary>One feature's reference against the monitor's current window: a histogram (numeric) or category counts.</summary>
public sealed record OverlayDto(string Feature, string Type, int CurrentRows, HistogramDto? Histogram, BarsDto? Bars)
{
    public static OverlayDto From(Overlay o) => new(
        o.Feature, o.Kind.ToString().ToLowerInvariant(), o.CurrentRows,
        o.Histogram is { } h ? new HistogramDto(h.Edges, h.ReferenceCounts, h.CurrentCounts) : null,
        o.Bars is { } b ? new BarsDto(b.Categories, b.ReferenceCounts, b.CurrentCounts) : null);
}
