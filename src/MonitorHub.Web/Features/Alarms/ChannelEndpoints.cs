using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Alarms;

public sealed record ChannelRequest(string? Name, string? Kind, string? Url, string? Secret, bool? Enabled);

/// <summary>A channel as listed: the secret is never returned after creation.</summary>
public sealed record ChannelDto(int Id, string Name, string Kind, string Url, bool Enabled)
{
    public static ChannelDto From(Channel c) => new(c.Id, c.Name, c.Kind.ToString().ToLowerInvariant(), c.Url, c.Enabled);
}

public sealed record DeliveryDto(long Id, int ChannelId, int? RuleId, DateTime CreatedAt, string Status, int Attempts, string? LastError, DateTime? DeliveredAt)
{
    public static DeliveryDto From(DeliveryView d) => new(d.Id, d.ChannelId, d.RuleId, d.CreatedAt.UtcDateTime, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.LastError, d.DeliveredAt?.UtcDateTime);
}

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/channels").WithTags("Alarms");
        group.MapGet("", async (NotificationService service, CancellationToken ct) => Results.Ok((await service.ListChannelsAsync(ct)).Select(ChannelDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Notification channels.");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Edit)
            .WithSummary("Create a webhook or Slack channel; a webhook's signing secret is returned once.");
        group.MapPost("/{id:int}/test", async (int id, HttpContext context, NotificationService service) =>
                await service.SendTestAsync(id, context.User.ActorName(), context.RequestAborted) is { } notification
                    ? Results.Accepted($"/api/v1/channels/{id}/deliveries", new { notificationId = notification })
                    : Problems.NotFound($"No channel {id}."))
            .RequireAuthorization(Policies.Edit).WithSummary("Send a test notification.");
        group.MapGet("/{id:int}/deliveries", async (int id, NotificationService service, CancellationToken ct) =>
                Results.Ok((await service.DeliveriesAsync(id, 50, ct)).Select(DeliveryDto.From)))
            .RequireAuthorization(Policies.Read).WithSummary("Delivery log: status, attempts, last error.");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, NotificationService service, IOptions<JsonOptions> json)
    {
        var read = await RequestBody.JsonAsync<ChannelRequest>(context.Request, json.Value.SerializerOptions, 16 * 1024, context.RequestAborted);
        if (read.Error is not null) return read.Error;
        var r = read.Value!;
        if (!Enum.TryParse<ChannelKind>(r.Kind ?? "webhook", ignoreCase: true, out var kind)) return Problems.Validation("kind", "One of webhook, slack.");
        var (channel, issues) = await service.CreateChannelAsync(new Channel(0, r.Name ?? "", kind, r.Url ?? "", r.Secret ?? "", r.Enabled ?? true), context.User.ActorName(), context.RequestAborted);
        return channel is null ? Problems.Validation(issues)
            : Results.Created($"/api/v1/channels/{channel.Id}", new { channel = ChannelDto.From(channel), secret = channel.Kind == ChannelKind.Webhook ? channel.Secret : null });
    }
}
