namespace MonitorHub.Web.Hosting;

/// <summary>
/// Lets a stop be graceful with dashboards open. When the app starts stopping, SignalR closes the
/// Blazor circuits' and the live hub's connections, and browsers reconnect at once; a connection that
/// arrives before Kestrel stops listening is held open until the host's shutdown timeout, so every
/// SIGTERM took the full 30 s (dotnet/aspnetcore#58947). Here realtime requests are refused with 503
/// once stopping has begun, and those in flight are aborted, so Kestrel's drain ends in moments.
/// </summary>
public static class ShutdownGate
{
    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/_blazor") && !path.StartsWithSegments(Hubs.LiveHub.Path))
            {
                await next();
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                await Problems.Unavailable(context, WriterExceptionHandler.RetryAfterSeconds, "MonitorHub is restarting.").ExecuteAsync(context);
                return;
            }

            using var abort = stopping.Register(context.Abort);
            await next();
        });
    }
}
