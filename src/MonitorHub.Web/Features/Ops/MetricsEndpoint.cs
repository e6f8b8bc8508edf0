using System.Net;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Features.Security;
using Prometheus;

namespace MonitorHub.Web.Features.Ops;

/// <summary>
/// MonitorHub's own <c>GET /metrics</c> (Prometheus text format, prometheus-net). Protected like the
/// API — a key or a session with the read permission — except for clients whose address is listed in
/// <c>MonitorHub:Metrics:AnonymousFrom</c> (a Prometheus server that cannot send a key).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";
    public const string Policy = "metrics-scrape";

    /// <summary>The ingestion paths counted in <c>monitorhub_ingestion_requests_total</c>.</summary>
    private static readonly string[] IngestionPaths = ["/api/v1/metrics", "/api/v1/predictions", "/api/v1/labels", "/v1/metrics", "/api/v1/write"];

    public static IServiceCollection AddMonitorHubMetrics(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, ScrapeAccessHandler>();
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddRequirements(new ScrapeAccessRequirement())));
        return services;
    }

    public static IEndpointRouteBuilder MapMonitorHubMetrics(this IEndpointRouteBuilder app)
    {
        var metrics = app.ServiceProvider.GetRequiredService<ServiceMetrics>();
        var writer = app.ServiceProvider.GetRequiredService<IngestionWriter>();
        var contexts = app.ServiceProvider.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>();
        StateCollectors.Register(metrics, writer, contexts);
        app.MapMetrics(Path, metrics.Registry).RequireAuthorization(Policy).WithTags("Ops")
            .WithSummary("MonitorHub's own metrics in the Prometheus text format (a read key, a session, or an address in MonitorHub:Metrics:AnonymousFrom).");
        return app;
    }

    /// <summary>Counts answers to ingestion requests by endpoint and status code.</summary>
    public static IApplicationBuilder UseIngestionRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ServiceMetrics>();
        return app.Use((context, next) =>
        {
            var path = HttpMethods.IsPost(context.Request.Method) ? Array.Find(IngestionPaths, p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)) : null;
            // Counted as the response starts (its status is final then, also when an exception handler
            // wrote it) and before the client can see it, so a scrape right after counts it.
            if (path is not null)
            {
                context.Response.OnStarting(() =>
                {
                    metrics.IngestionRequests.WithLabels(path, context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }

    public sealed record ScrapeAccessRequirement : IAuthorizationRequirement;

    /// <summary>Read permission, or a client address in <c>MonitorHub:Metrics:AnonymousFrom</c>.</summary>
    public sealed class ScrapeAccessHandler(IOptions<MonitorHubOptions> options, IHttpContextAccessor accessor) : AuthorizationHandler<ScrapeAccessRequirement>
    {
        private readonly Lazy<IReadOnlyList<(IPAddress Network, int Prefix)>> _anonymous = new(() => OutboundPolicy.ParseAllowed(options.Value.Metrics.AnonymousFrom));

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScrapeAccessRequirement requirement)
        {
            var address = (context.Resource as HttpContext ?? accessor.HttpContext)?.Connection.RemoteIpAddress;
            if (Policies.Allows(context.User, MonitorHub.Core.Security.Permission.Read) || (address is not null && OutboundPolicy.InAny(address, _anonymous.Value)))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Counts failed Hangfire job runs (a host's own filter: Hangfire's global filters are shared by
/// every host in the process).</summary>
public sealed class JobFailureMetricsFilter(ServiceMetrics metrics) : JobFilterAttribute, IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, Hangfire.Storage.IWriteOnlyTransaction transaction)
    {
        if (context.NewState is FailedState) metrics.JobFailures.WithLabels(context.BackgroundJob.Job?.Type.Name ?? "unknown").Inc();
    }

    public void OnStateUnapplied(ApplyStateContext context, Hangfire.Storage.IWriteOnlyTransaction transaction)
    {
    }
}
