using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>Each store outcome answers exactly what the endpoints built by hand before the mapping existed.</summary>
public sealed class StoreResultHttpTests
{
    private const string Rejected = "The batch was rejected; no prediction of it was stored.";
    private static readonly ValidationIssue Issue = new(null, "name", "A system named 'x' already exists.");
    private static readonly ValidationIssue Version = new(null, "version", "Rule 7 has no version 3.");

    private static readonly Dictionary<string, (Func<HttpContext, IResult> Mapped, Func<HttpContext, IResult> Before)> Pairs = new()
    {
        ["not found"] = (context => StoreResult<int>.NotFound().ToProblem(context, "No rule 7."), _ => Problems.NotFound("No rule 7.")),
        ["missing version"] = (context => StoreResult<int>.NotFound([Version]).ToProblem(context, "No rule 7."), _ => Problems.NotFound(Version.Reason)),
        ["invalid"] = (context => StoreResult<int>.Invalid([Issue, Version]).ToProblem(context), _ => Problems.Validation([Issue, Version])),
        ["invalid batch"] = (context => StoreResult<int>.Invalid([Issue]).ToProblem(context, rejected: Rejected), _ => Problems.Validation([Issue], Rejected)),
        ["conflict"] = (context => StoreResult<int>.Conflict([Issue]).ToProblem(context), _ => Problems.Conflict(Issue)),
        ["forbidden field"] = (context => StoreResult<int>.Forbidden([Issue]).ToProblem(context), _ => Problems.Forbidden([Issue], "Forbidden.")),
        ["forbidden batch"] = (context => StoreResult<int>.Forbidden([Issue, Version]).ToProblem(context, rejected: Rejected), _ => Problems.Forbidden([Issue, Version], Rejected)),
        ["busy"] = (context => StoreResult<int>.Busy().ToProblem(context), context => Problems.Busy(context, 1)),
    };

    public static TheoryData<string> Cases => [.. Pairs.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Problem_IsTheOneEndpointsAnsweredBefore(string outcome)
    {
        var (mapped, before) = Pairs[outcome];
        Assert.Equal(await AnswerAsync(before), await AnswerAsync(mapped));
    }

    [Fact]
    public async Task Busy_Is429_RetryAfterOneSecond()
    {
        var (status, retryAfter, _) = await AnswerAsync(context => StoreResult<int>.Busy().ToHttp(context, v => Results.Ok(v)));
        Assert.Equal((StatusCodes.Status429TooManyRequests, "1"), (status, retryAfter));
    }

    [Fact]
    public async Task Ok_IsTheValuesAnswer()
    {
        var (status, _, body) = await AnswerAsync(context => StoreResult<int>.Ok(42).ToHttp(context, v => Results.Json(v, statusCode: StatusCodes.Status202Accepted)));
        Assert.Equal((StatusCodes.Status202Accepted, "42"), (status, body));
    }

    [Fact]
    public void ToProblem_OfOk_Throws() => Assert.Throws<InvalidOperationException>(() => StoreResult<int>.Ok(1).ToProblem(new DefaultHttpContext()));

    private static async Task<(int Status, string RetryAfter, string Body)> AnswerAsync(Func<HttpContext, IResult> answer)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "trace" };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await answer(context).ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
