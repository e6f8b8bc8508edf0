using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using Microsoft.AspNetCore.HttpOverrides;
using MonitorHub.Web.Hosting;
using MonitorHub.Web.Features.Ops;

namespace MonitorHub.Web.Features.Security;

public static class SecuritySetup
{
    public const string LoginPath = "/account/login";
    public const string IngestLimiter = "ingest";
    public const string LoginLimiter = "login";
    private const string SmartScheme = "MonitorHub";

    public static IServiceCollection AddMonitorHubSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var publicUrl = configuration["MonitorHub:PublicUrl"] ?? "http://localhost:5000";
        var https = publicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                // Failed sign-ins are throttled per client (LoginThrottle), not by locking the account.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MonitorHubDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Identity's stores and the Data Protection key store want a scoped DbContext; the rest of the app uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MonitorHubDbContext>>().CreateDbContext());
        // Keys that protect sign-in cookies and antiforgery tokens live in the database: sign-ins survive
        // a restart, and several nodes sharing a database share the keys.
        services.AddDataProtection().SetApplicationName("MonitorHub").PersistKeysToDbContext<MonitorHubDbContext>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            // Requests carrying a key go to the key handler; everything else uses the sign-in cookie.
            .AddPolicyScheme(SmartScheme, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.HasCredentials(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "monitorhub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Behind TLS the cookie never travels in clear; on plain http (local use) it must not require it.
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            // APIs and the hub answer 401/403 with problem details instead of redirecting.
            o.Events.OnRedirectToLogin = context => IsApi(context.Request)
                ? Problems.Unauthorized().ExecuteAsync(context.HttpContext)
                : Redirect(context);
            o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                ? Problems.Forbidden().ExecuteAsync(context.HttpContext)
                : Redirect(context);
            o.Events.OnValidatePrincipal = UserChanges.ValidatePrincipalAsync;
        });
        // Disabling a user or changing a role updates the security stamp; cookies notice within the
        // revalidation interval (a minute by default), and at once when the change is announced on this
        // node (made here, or on another node through Redis), as do open tabs and hub connections.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<MonitorHubOptions>>((o, mh) =>
            o.ValidationInterval = TimeSpan.FromSeconds(mh.Value.Security.RevalidateSeconds));

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var (name, permission) in Policies.All)
            {
                o.AddPolicy(name, p => p.AddRequirements(new PermissionRequirement(permission)));
            }

            o.AddPolicy(Policies.IngestOrEdit, p => p.RequireAssertion(c => Policies.Allows(c.User, Core.Security.Permission.Ingest) || Policies.Allows(c.User, Core.Security.Permission.Edit)));

            // Anything not marked otherwise needs a signed-in user or a key.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthState>();
        services.AddSingleton<LoginThrottle>();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the listed proxies are believed; with none listed, forwarded headers are ignored.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list still defaults to loopback and is still consulted.
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var entry in configuration.GetSection("MonitorHub:Security:KnownProxies").Get<string[]>() ?? [])
            {
                if (OutboundPolicy.TryParseNetwork(entry, out var network, out var prefix))
                    o.KnownIPNetworks.Add(new System.Net.IPNetwork(network, prefix));
            }

            // With both lists empty the middleware would trust every sender: then honour nothing at all.
            if (o.KnownIPNetworks.Count == 0) o.ForwardedHeaders = ForwardedHeaders.None;
        });

        services.AddRateLimiter(o =>
        {
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 1;
                await Problems.TooMany(context.HttpContext, Math.Max(1, retry), "Too many requests.").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(IngestLimiter, context =>
            {
                var security = context.RequestServices.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Security;
                var key = context.User.FindFirst(Policies.KeyIdClaim)?.Value ?? context.User.Identity?.Name ?? "anonymous";
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = security.IngestRequestsPerSecond * 2,
                    TokensPerPeriod = security.IngestRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            o.AddPolicy(LoginLimiter, context =>
            {
                // Only sign-in attempts count, not page views.
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("view");
                var security = context.RequestServices.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Security;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = security.LoginAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>Security headers on every response. The CSP allows inline styles (MudBlazor and
    /// Plotly set element styles) but no inline or remote scripts.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Hangfire's dashboard ships inline scripts; it is admin-only and gets a looser policy.
        // So does the API reference (Scalar), which starts from an inline script.
        var scripts = context.Request.Path.StartsWithSegments("/hangfire") || context.Request.Path.StartsWithSegments(ApiDocs.Path) ? "'self' 'unsafe-inline'" : "'self'";
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
        await next();
    });

    // /v1 is OTLP's path (POST /v1/metrics): exporters need a 401, not a redirect to the sign-in page.
    // The API docs are a page for people: a signed-out visitor is sent to the sign-in page.
    private static bool IsApi(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments(ApiDocs.Path))
        || request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/metrics");

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
