namespace MonitorHub.Web.Features.Security;

/// <summary>
/// Cross-site request forgery on the API. A browser attaches the sign-in cookie to any request to this
/// host, including a form another site submits (text/plain or form-encoded, which need no CORS
/// preflight). A state-changing API call authenticated by the cookie therefore must carry the
/// <c>X-Requested-With</c> header, which a form cannot send and a cross-site script cannot send
/// without a preflight this app never grants. Calls with an API key carry no ambient credentials
/// and are not affected; the app's own pages call services in-process, not the API.
/// </summary>
public static class CsrfGuard
{
    public const string Header = "X-Requested-With";

    public static IApplicationBuilder UseCsrfGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && context.User.Identity?.IsAuthenticated == true
            && context.User.FindFirst(Policies.KeyIdClaim) is null && !request.Headers.ContainsKey(Header))
        {
            await Results.Problem(
                title: "Cross-site request refused.",
                detail: $"API calls that change something and are authenticated by the sign-in cookie must send the {Header} header (any value), or use an API key.",
                statusCode: StatusCodes.Status403Forbidden, type: "https://monitorhub.dev/problems/csrf").ExecuteAsync(context);
            return;
        }

        await next();
    });
}
