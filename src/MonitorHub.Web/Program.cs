using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.Extensions.FileProviders;
using MonitorHub.Infrastructure;
using MonitorHub.Web.Components;
using MonitorHub.Web.Features.Alarms;
using MonitorHub.Web.Features.Automation;
using MonitorHub.Web.Features.BatchJobs;
using MonitorHub.Web.Features.Demo;
using MonitorHub.Web.Features.Deployments;
using MonitorHub.Web.Features.Drift;
using MonitorHub.Web.Features.DriftCheck;
using MonitorHub.Web.Features.FailureModes;
using MonitorHub.Web.Features.Incidents;
using MonitorHub.Web.Features.Interop;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Models;
using MonitorHub.Web.Features.Ops;
using MonitorHub.Web.Features.Pipelines;
using MonitorHub.Web.Features.Scrape;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Features.Timeline;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Hosting;
using MonitorHub.Web.Hubs;

var arenasCapped = GlibcArenas.Limit(2);
var builder = WebApplication.CreateBuilder(RepositoryRoot.NormaliseArgs(args));
builder.Services.AddHostedService<NativeMemoryTrimmer>();

// The one configuration file is the repository's top-level appsettings.json; environment
// variables (MonitorHub__...) and command-line arguments still override it.
var root = RepositoryRoot.Find(builder.Environment.ContentRootPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new PhysicalFileProvider(root),
});

// No request body may exceed 8 MiB (ingestion itself stops at 4 MiB with a 413 of its own).
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 8 * 1024 * 1024);

// Package assets (MudBlazor, Plotly) come from the static-web-assets manifest in every environment.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddMonitorHubInfrastructure(builder.Configuration, root);
builder.Services.AddMonitorHubJobs(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
});
builder.Services.AddMonitorHubSecurity(builder.Configuration);
builder.Services.AddMonitorHubMetrics();
builder.Services.AddMonitorHubHealthChecks();
builder.Services.AddProblemDetails();
// Binding failures (a body that is not the DTO, a query value that is not a number) throw, in every
// environment, so the one handler below answers them as the field-named problems handlers answer.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<WriterExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddLiveHub(builder.Configuration);
builder.Services.AddHostedService<DemoSimulator>();
builder.Services.AddMonitorHubUi();
builder.Services.AddSingleton<SampleIngestion>();

var app = builder.Build();
if (builder.Configuration[MigrateCommand.Key] is { Length: > 0 } migrationTarget)
{
    return MigrateCommand.Run(app.Services, migrationTarget, Console.Out, Console.Error);
}

if (arenasCapped) app.Logger.LogDebug("glibc malloc arenas capped at 2 (set MALLOC_ARENA_MAX to choose otherwise)");
app.Services.MigrateMonitorHubDatabase();
await SecurityBootstrap.EnsureAsync(app.Services, app.Logger);
app.Services.ScheduleMonitorHubJobs();

// First, so the client address, scheme and everything after them (rate limits, cookies, HSTS) see the
// real client behind a trusted reverse proxy.
app.UseForwardedHeaders();
app.UseShutdownGate();
app.UseExceptionHandler();
if (app.Configuration["MonitorHub:PublicUrl"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true) app.UseHsts();
// A bodiless status gets a problem body; a bodiless 400 from parameter binding also names the parameter.
app.UseStatusCodePages(StatusProblems.WriteAsync);
app.UseSecurityHeaders();
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(root, "wwwroot-assets")) });
// Before authentication, so what ingestion answered is counted with 401/403/413/429 included.
app.UseIngestionRequestMetrics();
app.UseAuthentication();
app.UseAuthorization();
app.UseCsrfGuard();
app.UseRateLimiter();
// After authentication: an anonymous or forbidden client is told so, not that its body is too big.
app.UseBodyLimits();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi();
app.MapApiDocs();
app.MapMonitorHubMetrics();
app.MapHealth();
app.MapBackupEndpoints();
app.MapSecurityEndpoints();
app.MapMetricsEndpoints();
app.MapOtlpEndpoints();
app.MapRemoteWriteEndpoints();
app.MapSystemsEndpoints();
app.MapAlarmEndpoints();
app.MapIncidentEndpoints();
app.MapSilenceEndpoints();
app.MapChannelEndpoints();
app.MapFailureModeEndpoints();
app.MapPredictionEndpoints();
app.MapModelEndpoints();
app.MapDriftEndpoints();
app.MapDriftCheckEndpoints();
app.MapDeploymentEndpoints();
app.MapAutomationEndpoints();
app.MapCompareEndpoints();
app.MapScrapeTargetEndpoints();
app.MapEventEndpoints();
app.MapJobEndpoints();
app.MapHub<LiveHub>(LiveHub.Path);
// The storage is passed explicitly: Hangfire's static JobStorage.Current is shared by every host in a process.
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new HangfireAdminFilter()] }, app.Services.GetRequiredService<JobStorage>());
// Our own CSP already says frame-ancestors 'none'; Blazor need not add a second, weaker one.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();
return 0;

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
