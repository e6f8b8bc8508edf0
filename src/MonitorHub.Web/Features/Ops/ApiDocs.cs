using Scalar.AspNetCore;

namespace MonitorHub.Web.Features.Ops;

/// <summary>
/// Interactive API reference (Scalar) over <c>/openapi/v1.json</c>, for signed-in users: a visitor who
/// is not signed in is sent to the sign-in page. Scalar's script is served from the package, and no
/// web fonts are fetched, so the page works offline and under our CSP.
/// </summary>
public static class ApiDocs
{
    public const string Path = "/api/docs";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, o => o
                .WithTitle("MonitorHub API")
                .DisableDefaultFonts()
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}
