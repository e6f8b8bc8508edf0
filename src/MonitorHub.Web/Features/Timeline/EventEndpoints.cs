using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Timeline;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Timeline;

/// <summary>
/// <c>GET /api/v1/events</c>: one history of alarms, notifications, silences, rule and metric versions,
/// deployment decisions, automation changes, drift verdicts, detections and access changes, newest
/// first, cursor-paged; <c>/api/v1/events.csv</c> (or <c>format=csv</c>) exports the whole range.
/// </summary>
public static class EventEndpoints
{
    /// <summary>Most rows one CSV export writes: a range with more is cut here (say so in the last row).</summary>
    public const int MaxCsvRows = 100_000;

    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Timeline").RequireAuthorization(Policies.Read).WithBodyLimit(1024);
        group.MapGet("/events", async Task<Results<Ok<EventPageDto>, PushStreamHttpResult, ProblemHttpResult>> (HttpContext context, TimelineService timeline, TimeProvider clock) =>
                context.Request.Query["format"].ToString() is "csv" ? (await CsvAsync(context, timeline, clock)).Result switch
                {
                    PushStreamHttpResult stream => stream,
                    var other => (ProblemHttpResult)other,
                } : await PageAsync(context, timeline, clock))
            .WithSummary("The history of everything that happened, newest first: ?from&to (ISO-8601, default the last 24 h)&system&component&model&metric"
                + "&kind (comma-separated: " + string.Join(", ", TimelineKinds.All) + ")&cursor&limit (1–1000, default 100)&format=csv.");
        group.MapGet("/events.csv", (HttpContext context, TimelineService timeline, TimeProvider clock) => CsvAsync(context, timeline, clock))
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("The same history as CSV (time,kind,subject,actor,summary,link), the whole range, formula-safe cells.");
        return app;
    }

    private static async Task<Results<Ok<EventPageDto>, PushStreamHttpResult, ProblemHttpResult>> PageAsync(HttpContext context, TimelineService timeline, TimeProvider clock)
    {
        var (query, issues) = Parse(context, clock);
        if (issues.Count > 0) return Problems.Validation(issues);
        var page = await timeline.PageAsync(query!, context.RequestAborted);
        if (!page.IsOk) return page.ToProblem(context);
        return TypedResults.Ok(EventPageDto.From(page.Value));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> CsvAsync(HttpContext context, TimelineService timeline, TimeProvider clock)
    {
        var (query, issues) = Parse(context, clock);
        if (issues.Count > 0) return Problems.Validation(issues);
        // The first page is read before answering, so a filter naming nothing stored is still a 400.
        var first = await timeline.PageAsync(query! with { Limit = TimelineQuery.MaxLimit, Cursor = null }, context.RequestAborted);
        if (!first.IsOk) return first.ToProblem(context);
        var name = $"events-{query!.From.UtcDateTime:yyyyMMddTHHmm}-{query.To.UtcDateTime:yyyyMMddTHHmm}.csv";
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), leaveOpen: true);
            await writer.WriteAsync(EventDto.CsvHeader);
            var page = first.Value;
            var written = 0;
            while (true)
            {
                foreach (var e in page.Events.Take(MaxCsvRows - written)) await writer.WriteAsync(EventDto.CsvRow(e));
                written += page.Events.Count;
                if (page.Next is null || written >= MaxCsvRows) break;
                var next = await timeline.PageAsync(query with { Limit = TimelineQuery.MaxLimit, Cursor = page.Next }, context.RequestAborted);
                if (!next.IsOk) break;
                page = next.Value;
            }
        }, "text/csv; charset=utf-8", name);
    }

    /// <summary>The query string as a <see cref="TimelineQuery"/>, with an issue naming each bad parameter.</summary>
    internal static (TimelineQuery? Query, List<ValidationIssue> Issues) Parse(HttpContext context, TimeProvider clock)
    {
        var request = context.Request;
        var issues = new List<ValidationIssue>();
        var to = QueryParameters.Time(request, "to", clock.GetUtcNow(), issues);
        var from = QueryParameters.Time(request, "from", to - DefaultRange, issues);
        var system = OptionalId(request, "system", issues);
        var component = OptionalId(request, "component", issues);
        var model = request.Query["model"].ToString() is { Length: > 0 } m ? m : null;
        var metric = request.Query["metric"].ToString() is { Length: > 0 } k ? k : null;
        var kinds = request.Query["kind"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        TimelineCursor? cursor = null;
        if (request.Query["cursor"].ToString() is { Length: > 0 } text && (cursor = TimelineCursor.TryDecode(text)) is null)
            issues.Add(new(null, "cursor", "Not a cursor this endpoint returned; pass nextCursor unchanged."));
        var limit = QueryParameters.Int(request, "limit", TimelineQuery.DefaultLimit, 1, TimelineQuery.MaxLimit, issues);
        var format = request.Query["format"].ToString();
        if (format is not ("" or "json" or "csv")) issues.Add(new(null, "format", "Either json (the default) or csv."));

        // A key bound to a system reads that system's history only.
        if (context.User.KeySystem() is { } bound)
        {
            if (system is { } asked && asked != bound) issues.Add(new(null, "system", $"This key reads only system {bound}."));
            system = bound;
        }

        var query = new TimelineQuery(from, to, system, component, model, kinds, cursor, limit, metric);
        issues.AddRange(TimelineQuery.Validate(query));
        return (issues.Count > 0 ? null : query, issues);
    }

    private static int? OptionalId(HttpRequest request, string name, List<ValidationIssue> issues)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        issues.Add(new(null, name, "Must be a positive whole number (the id)."));
        return null;
    }
}
