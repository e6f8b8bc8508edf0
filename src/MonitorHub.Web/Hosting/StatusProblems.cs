using Microsoft.AspNetCore.Diagnostics;

namespace MonitorHub.Web.Hosting;

/// <summary>What status-code pages write for a response that has a status and no body.</summary>
public static class StatusProblems
{
    public static async Task WriteAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (context.Response.StatusCode == StatusCodes.Status400BadRequest && UnparsedParameters.Answer(context) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        // As the framework's default does: a problem body if the client accepts one, else none.
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new()
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode },
        });
    }
}
