using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Alarms;

public sealed record ChannelRequest(string? Name, string? Kind, string? Url, string? Secret, bool? Enabled);

/// <summary>A channel as listed: the secret is never returned after creation, nor a Slack URL (which is one).</summary>
public sealed record ChannelDto(int Id, string Name, string Kind, string Url, bool Enabled)
{
    public static ChannelDto From(Channel c)
    {
        var shown = ChannelStore.Masked(c);
        return new(c.Id, c.Name, c.Kind.ToString().ToLowerInvariant(), shown.Url, c.Enabled);
    }
}

/// <summary>A delivery. <see cref="LastError"/> is given to editors only: for anyone else a
/// connection error would be a probe of MonitorHub's network ("refused" versus "timed out").</summary>
public sealed record DeliveryDto(long Id, int ChannelId, int? RuleId, DateTime CreatedAt, string Status, int Attempts, string? LastError, DateTime? DeliveredAt)
{
    public static DeliveryDto From(DeliveryView d, bool withError) =>
        new(d.Id, d.ChannelId, d.RuleId, d.CreatedAt.UtcDateTime, d.Status.ToString().ToLowerInvariant(), d.Attempts, withError ? d.LastError : null, d.DeliveredAt?.UtcDateTime);
}

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/channels").WithTags("Alarms").WithBodyLimit(16 * 1024);
        group.MapGet("", async (ChannelStore service, CancellationToken ct) => TypedResults.Ok((await service.ListChannelsAsync(ct)).Select(ChannelDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Notification channels.");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create a webhook or Slack channel; a webhook's signing secret is returned once.");
        group.MapPost("/{id:int}/test", async Task<Results<Accepted<TestSentDto>, ProblemHttpResult>> (int id, HttpContext context, ChannelStore service) =>
                await service.SendTestAsync(id, context.User.ActorName(), context.RequestAborted) switch
                {
                    null => Problems.NotFound($"No channel {id}."),
                    { RetryAfter: { } wait } => Problems.TooMany(context, (int)Math.Ceiling(wait.TotalSeconds),
                        $"At most {ChannelStore.TestsPerMinute} test notifications per channel per minute."),
                    var sent => TypedResults.Accepted($"/api/v1/channels/{id}/deliveries", new TestSentDto(sent.NotificationId)),
                })
            .RequireAuthorization(Policies.Edit).WithSummary("Send a test notification (at most 5 per channel per minute).");
        group.MapGet("/{id:int}/deliveries", async (int id, HttpContext context, ChannelStore service, CancellationToken ct) =>
                TypedResults.Ok((await service.DeliveriesAsync(id, 50, ct)).Select(d => DeliveryDto.From(d, Policies.Allows(context.User, MonitorHub.Core.Security.Permission.Edit)))))
            .RequireAuthorization(Policies.Read).WithSummary("Delivery log: status, attempts; the last error for editors.");
        return app;
    }

    private static async Task<Results<Created<CreatedChannelDto>, ProblemHttpResult>> CreateAsync([FromBody] ChannelRequest r, HttpContext context, ChannelStore service)
    {
        if (!Enum.TryParse<ChannelKind>(r.Kind ?? "webhook", ignoreCase: true, out var kind)) return Problems.Validation("kind", "One of webhook, slack.");
        var created = await service.CreateChannelAsync(new Channel(0, r.Name ?? "", kind, r.Url ?? "", r.Secret ?? "", r.Enabled ?? true), context.User.ActorName(), context.RequestAborted);
        return created.ToHttp(context, channel => TypedResults.Created($"/api/v1/channels/{channel.Id}",
            new CreatedChannelDto(ChannelDto.From(channel), channel.Kind == ChannelKind.Webhook ? channel.Secret : null)));
    }
}

/// <summary>A new channel and, for a webhook, its signing secret: the only time it is shown.</summary>
public sealed record CreatedChannelDto(ChannelDto Channel, string? Secret);

public sealed record TestSentDto(long? NotificationId);
