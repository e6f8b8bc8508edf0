using MonitorHub.Core.Drift;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
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
        var refs = app.MapGroup("/api/v1/models/{name}/references").WithTags("Drift")
            .ScopedToKeySystem("name", "model", async (services, name, ct) => (await services.GetRequiredService<ModelStore>().SettingsAsync(name, ct)).SystemId);
        refs.MapGet("", async (string name, DriftStore store, CancellationToken ct) => Results.Ok((await store.ListReferencesAsync(name, ct)).Select(ReferenceDto.Of)))
            .RequireAuthorization(Policies.Read).WithSummary("A model's references.");
        refs.MapPost("/csv", CreateCsvReferenceAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Upload a CSV (header row; text/csv body, ≤ 8 MiB) as a reference: ?label=…; numeric columns are those whose every non-empty cell is a number.");
        refs.MapPost("", CreateReferenceAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Freeze a time range of the model's logs as a reference {\"name\",\"from\",\"to\",\"features\"}; its statistics are computed once and stored.");

        var monitors = app.MapGroup("/api/v1/drift/monitors").WithTags("Drift");
        monitors.MapGet("", async (string? model, DriftStore store, CancellationToken ct) => Results.Ok((await store.ListMonitorsAsync(model, ct)).Select(MonitorDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Drift monitors; filter by model.");
        monitors.MapGet("/{id:int}", async (int id, DriftStore store, CancellationToken ct) =>
                await store.GetMonitorAsync(id, ct) is { } m ? Results.Ok(MonitorDto.From(m)) : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Read).WithSummary("One monitor.");
        monitors.MapPost("", (HttpContext c, DriftStore s, IOptions<JsonOptions> j) => SaveMonitorAsync(null, c, s, j)).RequireAuthorization(Policies.Edit).WithSummary("Create a monitor.");
        monitors.MapPut("/{id:int}", (int id, HttpContext c, DriftStore s, IOptions<JsonOptions> j) => SaveMonitorAsync(id, c, s, j)).RequireAuthorization(Policies.Edit).WithSummary("Replace a monitor.");
        monitors.MapDelete("/{id:int}", async (int id, HttpContext c, DriftStore s) =>
                await s.DeleteMonitorAsync(id, c.User.ActorName(), c.RequestAborted) ? Results.NoContent() : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a monitor and its runs.");
        monitors.MapPost("/{id:int}/run", async (int id, DriftRunner runner, CancellationToken ct) =>
                await runner.RunAsync(id, ct) is { } run ? Results.Ok(RunDto.From(run)) : Problems.NotFound($"No monitor {id}."))
            .RequireAuthorization(Policies.Operate).WithSummary("Run now; the run is stored and written as metrics like a scheduled one.");
        monitors.MapGet("/{id:int}/runs", async (int id, int? take, DriftStore store, CancellationToken ct) =>
                await store.GetMonitorAsync(id, ct) is null ? Problems.NotFound($"No monitor {id}.") : Results.Ok((await store.RunsAsync(id, take ?? 200, ct)).Select(RunDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Stored runs, newest first.");
        monitors.MapGet("/{id:int}/overlay", async (int id, string? feature, DriftRunner runner, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(feature)) return Problems.Validation("feature", "Required: the feature to compare.");
                return await runner.OverlayAsync(id, feature, ct) is { } o
                    ? Results.Ok(new
                    {
                        feature = o.Feature, type = o.Kind.ToString().ToLowerInvariant(), currentRows = o.CurrentRows,
                        histogram = o.Histogram is { } h ? new { edges = h.Edges, reference = h.ReferenceCounts, current = h.CurrentCounts } : null,
                        bars = o.Bars is { } b ? new { categories = b.Categories, reference = b.ReferenceCounts, current = b.CurrentCounts } : null,
                    })
                    : Problems.NotFound($"No monitor {id} or no feature '{feature}' in its reference.");
            })
            .RequireAuthorization(Policies.Read).WithSummary("Reference vs current window of one feature: histogram (numeric) or category counts.");
        monitors.MapPost("/{id:int}/alarm", AlarmFromMonitorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create an alarm rule on the monitor's dataset drift, or on one feature ({\"feature\"}).");

        var detectors = app.MapGroup("/api/v1/drift/detectors").WithTags("Drift");
        detectors.MapGet("", async (string? model, DetectorService s, CancellationToken ct) => Results.Ok((await s.ListAsync(model, ct)).Select(DetectorDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Streaming detectors.");
        detectors.MapPost("", CreateDetectorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create a Page–Hinkley / ADWIN detector on a metric or feature, or DDM on a model's labelled errors.");
        detectors.MapDelete("/{id:int}", async (int id, HttpContext c, DetectorService s) =>
                await s.DeleteAsync(id, c.User.ActorName(), c.RequestAborted) ? Results.NoContent() : Problems.NotFound($"No detector {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Delete a detector.");
        detectors.MapGet("/{id:int}/events", async (int id, DateTimeOffset? from, DetectorService s, TimeProvider clock, CancellationToken ct) =>
                Results.Ok((await s.EventsAsync([id], from ?? clock.GetUtcNow().AddDays(-7), ct)).Select(e => new { at = e.At.UtcDateTime, kind = e.Kind, value = e.Value })))
            .RequireAuthorization(Policies.Read).WithSummary("Detections and warnings since 'from' (default 7 days).");
        detectors.MapPost("/{id:int}/run", async (int id, DetectorService s, CancellationToken ct) => Results.Ok(new { signals = await s.RunAsync(id, ct) }))
            .RequireAuthorization(Policies.Operate).WithSummary("Feed the detector what arrived since its last pass, now.");
        detectors.MapPost("/{id:int}/alarm", AlarmFromDetectorAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create an alarm rule that fires for 10 minutes after each detection.");
        return app;
    }

    private static async Task<IResult> CreateReferenceAsync(string name, HttpContext context, DriftRunner runner, TimeProvider clock, IOptions<JsonOptions> json)
    {
        if (!PredictionLimits.IsValidModelName(name)) return Problems.Validation("name", "Not a model name.");
        var read = await RequestBody.JsonAsync<ReferenceRequest>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var body = read.Value!;
        if (body.Name is { Length: > 200 }) return Problems.Validation("name", "At most 200 characters.");
        var to = body.To ?? clock.GetUtcNow();
        var (reference, issues) = await runner.ReferenceFromLogsAsync(name, body.Name, body.From ?? to.AddDays(-1), to, body.Features, context.User.ActorName(), context.RequestAborted);
        return reference is null ? Problems.Validation(issues) : Results.Created($"/api/v1/models/{name}/references", ReferenceDto.Of(reference));
    }

    private static async Task<IResult> CreateCsvReferenceAsync(string name, string? label, HttpContext context, DriftStore store)
    {
        if (!PredictionLimits.IsValidModelName(name)) return Problems.Validation("name", "Not a model name.");
        if (label is { Length: > 200 }) return Problems.Validation("label", "At most 200 characters.");
        var (body, error) = await RequestBody.BufferAsync(context.Request, 8 * 1024 * 1024, context.RequestAborted);
        if (error is not null) return error;
        var parsed = await CsvReader.ParseAsync(body!, context.RequestAborted);
        if (parsed.Table is not { } table) return Problems.Validation("body", parsed.Error ?? "Not a CSV table.");
        if (table.RowCount == 0) return Problems.Validation("body", "The CSV has a header but no rows.");
        var profile = await Task.Run(() => MonitorHub.Core.Drift.ReferenceProfile.Build(CsvColumns.Columns(table)), context.RequestAborted);
        var reference = await store.AddReferenceAsync(name, string.IsNullOrWhiteSpace(label) ? "uploaded CSV" : label, "csv", null, null, table.RowCount, profile,
            context.User.ActorName(), context.RequestAborted);
        return Results.Created($"/api/v1/models/{name}/references", ReferenceDto.Of(reference));
    }

    private static async Task<IResult> SaveMonitorAsync(int? id, HttpContext context, DriftStore store, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<MonitorDto>(context.Request, json.Value.SerializerOptions, 64 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var (monitor, issues) = read.Value!.ToMonitor();
        if (issues.Count > 0) return Problems.Validation(issues);
        var result = await store.SaveMonitorAsync(id, monitor, context.User.ActorName(), context.RequestAborted);
        if (!result.IsOk) return result.ToProblem($"No monitor {id}.");
        var view = (await store.GetMonitorAsync(result.Value.Id, context.RequestAborted))!;
        return id is null ? Results.Created($"/api/v1/drift/monitors/{view.Monitor.Id}", MonitorDto.From(view)) : Results.Ok(MonitorDto.From(view));
    }

    private static async Task<IResult> CreateDetectorAsync(HttpContext context, DetectorService detectors, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<DetectorDto>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var (definition, issues) = read.Value!.ToDefinition();
        if (issues.Count > 0) return Problems.Validation(issues);
        var result = await detectors.CreateAsync(definition, context.User.ActorName(), read.Value.StartFrom, context.RequestAborted);
        return result.ToHttp(detector => Results.Created($"/api/v1/drift/detectors/{detector.Definition.Id}", DetectorDto.From(detector)));
    }

    private static async Task<IResult> AlarmFromMonitorAsync(int id, HttpContext context, DriftStore store, AlarmStore alarms, IOptions<JsonOptions> json)
    {
        if (await store.GetMonitorAsync(id, context.RequestAborted) is not { Monitor: var monitor }) return Problems.NotFound($"No monitor {id}.");
        var (request, error) = await ReadAlarmRequestAsync(context, json);
        if (error is not null) return error;
        var rule = DriftAlarms.ForMonitor(monitor, request.Feature, request.Severity);
        var saved = await alarms.SaveRuleAsync(null, rule, context.User.ActorName(), $"Created from drift monitor '{monitor.Name}'", context.RequestAborted);
        return saved.ToHttp(RuleDto.Created);
    }

    private static async Task<IResult> AlarmFromDetectorAsync(int id, HttpContext context, DetectorService detectors, AlarmStore alarms, IOptions<JsonOptions> json)
    {
        if (await detectors.GetAsync(id, context.RequestAborted) is not { Definition: var detector }) return Problems.NotFound($"No detector {id}.");
        var (request, error) = await ReadAlarmRequestAsync(context, json);
        if (error is not null) return error;
        var rule = DriftAlarms.ForDetector(detector, request.Severity);
        var saved = await alarms.SaveRuleAsync(null, rule, context.User.ActorName(), $"Created from detector '{detector.Name}'", context.RequestAborted);
        return saved.ToHttp(RuleDto.Created);
    }

    private static async Task<(AlarmFromDriftRequest Request, IResult? Error)> ReadAlarmRequestAsync(HttpContext context, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.OptionalJsonAsync(context.Request, json.Value.SerializerOptions, 16 * 1024, new AlarmFromDriftRequest(null, null), context.RequestAborted);
        if (read.Error is not null) return (new AlarmFromDriftRequest(null, null), read.Error);
        var request = read.Value!;
        if (request.Severity is not null && !Enum.TryParse<Severity>(request.Severity, ignoreCase: true, out _))
            return (request, Problems.Validation("severity", "One of critical, warning, info."));
        return (request, null);
    }
}
