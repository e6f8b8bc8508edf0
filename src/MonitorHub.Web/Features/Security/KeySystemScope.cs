using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Security;

/// <summary>
/// A key bound to a system reads and changes only that system's things. Applied to a route group, this
/// answers 404 (as if absent: a bound key must not learn what other systems hold) for any route whose
/// <c>{routeValue}</c> names something outside the key's system. People and unbound keys pass.
/// </summary>
public static class KeySystemScope
{
    /// <param name="systemOf">The system the named item belongs to (null: none, or it does not exist).</param>
    public static RouteGroupBuilder ScopedToKeySystem(this RouteGroupBuilder group, string routeValue, string what,
        Func<IServiceProvider, string, CancellationToken, Task<int?>> systemOf)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.KeySystem() is { } bound && http.Request.RouteValues.TryGetValue(routeValue, out var raw) && raw is string name
                && await systemOf(http.RequestServices, name, http.RequestAborted) != bound)
            {
                return Problems.NotFound($"No {what} '{name}' in this key's system.");
            }

            return await next(context);
        });
        return group;
    }
}
