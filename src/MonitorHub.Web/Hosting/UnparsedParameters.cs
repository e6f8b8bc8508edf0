using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// The endpoints' request delegates are generated at compile time (the Request Delegate Generator):
/// building them by reflection cost each start and first request hundreds of milliseconds. The
/// generated code throws for a route or query value it cannot parse, as the runtime one did, except
/// when the parameter is nullable (<c>int? take</c>): then it answers a bare 400 naming nothing. This
/// finds which value did not parse, from the endpoint's parameter metadata, so that 400 names it too.
/// </summary>
public static class UnparsedParameters
{
    /// <summary>The problem naming the first route or query value of the endpoint that does not parse
    /// as its parameter's type, or null when every one does (the 400 came from elsewhere).</summary>
    public static ProblemHttpResult? Answer(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint) return null;
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (!parameter.HasTryParse) continue;
            var raw = context.Request.RouteValues.TryGetValue(parameter.Name, out var routed)
                ? Convert.ToString(routed, CultureInfo.InvariantCulture)
                : context.Request.Query[parameter.Name].ToString();
            if (string.IsNullOrEmpty(raw)) continue;
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (!Parses(type, raw)) return Problems.Validation(parameter.Name, $"Must be {BadRequestExceptionHandler.Expected(type.Name)}.");
        }

        return null;
    }

    private static bool Parses(Type type, string raw)
    {
        if (type == typeof(string)) return true;
        if (type.IsEnum) return Enum.TryParse(type, raw, ignoreCase: true, out _);
        // IParsable's TryParse(string, IFormatProvider, out T), which is what the generated code calls.
        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (tryParse is null) return true;
        return (bool)tryParse.Invoke(null, [raw, CultureInfo.InvariantCulture, null])!;
    }
}
