using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// Turns every request the framework could not bind (bodies into DTOs, route and query values into
/// parameters) into the problem the endpoints answer themselves: a 400 naming the field or parameter,
/// or a 413 — never a 5xx (a body that is not JSON at all the framework answers itself: 415).
/// Binding fails before endpoint filters and handlers run, so this is the one place for it (with
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> set, binding throws instead of answering a bare 400).
/// </summary>
public sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        await Answer(bad).ExecuteAsync(httpContext);
        return true;
    }

    public static ProblemHttpResult Answer(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json) return RequestBody.InvalidJson(json);
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return Problems.TooLarge(bad.Message);
        // The framework says which parameter only in its message: 'parameter "int? take"'.
        var match = ParameterPattern().Match(bad.Message);
        if (IsMissingBody(bad.Message) || !match.Success) return RequestBody.Missing();
        var (type, name) = (match.Groups["type"].Value, match.Groups["name"].Value);
        return Problems.Validation(name, bad.Message.StartsWith("Required", StringComparison.Ordinal) ? "Required." : $"Must be {Expected(type)}.");
    }

    private static bool IsMissingBody(string message) =>
        message.Contains("no body was provided", StringComparison.Ordinal) || message.EndsWith("from body.", StringComparison.Ordinal);

    // The framework names types as C# does ("int?") or by their CLR name ("Nullable<Int32>").
    public static string Expected(string type) => NullablePattern().Replace(type, "$1").TrimEnd('?') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
        "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "an ISO-8601 UTC time, e.g. 2026-11-26T10:00:00Z",
        "Guid" => "a GUID",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("^Nullable<(.+)>$")]
    private static partial Regex NullablePattern();

    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"")]
    private static partial Regex ParameterPattern();
}
