using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitorHub.Core.Deployments.Statistics;
using MonitorHub.Core.Metrics;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Deployments;

/// <summary>Ad-hoc statistical comparison: the judge's and shadow mode's tests on numbers the caller sends.
/// Pure computation, nothing stored; any reader may use it.</summary>
public static class CompareEndpoints
{
    /// <summary>Room for two arrays of a million short numbers each.</summary>
    public const long BodyLimitBytes = 32 * 1024 * 1024;

    private static readonly string[] Tests = ["mannwhitney", "wilcoxon", "mcnemar", "twoProportions", "wilson", "kappa"];

    public static IEndpointRouteBuilder MapCompareEndpoints(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/v1/stats").WithTags("Deployments").WithBodyLimit(BodyLimitBytes);
        stats.MapPost("/compare", Compare).RequireAuthorization(Policies.Read)
            .WithSummary("Run one test: mannwhitney {x,y}, wilcoxon {x,y} (paired), mcnemar {b,c}, twoProportions " +
                         "{successes1,n1,successes2,n2[,confidence]}, wilson {successes,n[,confidence]}, kappa {x,y} (labels). Same numbers as scipy 1.10.");
        return app;
    }

    private static Results<Ok<CompareResponse>, ProblemHttpResult> Compare([FromBody] CompareRequest body)
    {
        var test = Tests.FirstOrDefault(t => string.Equals(t, body.Test, StringComparison.OrdinalIgnoreCase));
        if (test is null) return Problems.Validation("test", "One of " + string.Join(", ", Tests) + ".");
        var issues = new List<ValidationIssue>();
        var response = test switch
        {
            "mannwhitney" => MannWhitneyTest(body, issues),
            "wilcoxon" => WilcoxonTest(body, issues),
            "mcnemar" => McNemarTest(body, issues),
            "twoProportions" => TwoProportionsTest(body, issues),
            "wilson" => WilsonTest(body, issues),
            _ => KappaTest(body, issues),
        };
        return response is not null && issues.Count == 0 ? TypedResults.Ok(response) : Problems.Validation(issues);
    }

    private static CompareResponse? MannWhitneyTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var x = CompareRequest.Numbers(body.X, "x", issues);
        var y = CompareRequest.Numbers(body.Y, "y", issues);
        if (x is null || y is null) return null;
        Array.Sort(x);
        Array.Sort(y);
        var result = MannWhitney.TestSorted(x, y);
        var effect = new EffectDto(ShiftEffects.HodgesLehmannSorted(x, y), Finite(ShiftEffects.MeanRatio(x, y)));
        return new CompareResponse("mannwhitney", result.Statistic, result.PValue, effect, N1: x.Length, N2: y.Length);
    }

    private static CompareResponse? WilcoxonTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var (x, y) = Paired(CompareRequest.Numbers(body.X, "x", issues), CompareRequest.Numbers(body.Y, "y", issues), issues);
        if (x is null || y is null) return null;
        var anyDifference = false;
        for (var i = 0; i < x.Length && !anyDifference; i++) anyDifference = x[i] - y[i] != 0;
        if (!anyDifference)
        {
            // scipy raises here too: with every x − y zero there is nothing to rank.
            issues.Add(new(null, "y", "Every difference x − y is zero: there is nothing to rank."));
            return null;
        }

        var result = Wilcoxon.Test(x, y);
        return new CompareResponse("wilcoxon", result.Statistic, result.PValue,
            Method: result.Method == WilcoxonMethod.Exact ? "exact" : "approximate", N: x.Length);
    }

    private static CompareResponse? McNemarTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var b = Count(body.B, "b", issues);
        var c = Count(body.C, "c", issues);
        if (b is null || c is null) return null;
        var result = McNemar.Exact(b.Value, c.Value);
        return new CompareResponse("mcnemar", result.Statistic, result.PValue, N: b + c);
    }

    private static CompareResponse? TwoProportionsTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var first = Proportion(body.Successes1, "successes1", body.N1, "n1", issues);
        var second = Proportion(body.Successes2, "successes2", body.N2, "n2", issues);
        var confidence = Confidence(body.Confidence, issues);
        if (first is null || second is null || confidence is null) return null;
        var result = Proportions.TwoSample(first.Value.Successes, first.Value.N, second.Value.Successes, second.Value.N, confidence.Value);
        return new CompareResponse("twoProportions", result.Statistic, result.PValue, Difference: result.Difference,
            Interval: new IntervalDto(result.Interval.Low, result.Interval.High));
    }

    private static CompareResponse? WilsonTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var proportion = Proportion(body.Successes, "successes", body.N, "n", issues);
        var confidence = Confidence(body.Confidence, issues);
        if (proportion is null || confidence is null) return null;
        var interval = Proportions.Wilson(proportion.Value.Successes, proportion.Value.N, confidence.Value);
        return new CompareResponse("wilson", Low: interval.Low, High: interval.High);
    }

    private static CompareResponse? KappaTest(CompareRequest body, List<ValidationIssue> issues)
    {
        var (x, y) = Paired(CompareRequest.Labels(body.X, "x", issues), CompareRequest.Labels(body.Y, "y", issues), issues);
        if (x is null || y is null) return null;
        var result = Agreement.Compute(x, y);
        return new CompareResponse("kappa", Kappa: result.Kappa, Agreement: result.Rate, N: result.Pairs,
            Note: result.Kappa is null ? "κ is undefined: both sides gave one and the same label throughout." : null);
    }

    private static (T[]? X, T[]? Y) Paired<T>(T[]? x, T[]? y, List<ValidationIssue> issues)
    {
        if (x is null || y is null) return (null, null);
        if (x.Length == y.Length) return (x, y);
        issues.Add(new(null, "y", $"Paired test: y has {y.Length} values but x has {x.Length}."));
        return (null, null);
    }

    private static long? Count(long? value, string field, List<ValidationIssue> issues)
    {
        if (value is null) issues.Add(new(null, field, "Required: a count."));
        else if (value < 0) issues.Add(new(null, field, "Must not be negative."));
        else return value;
        return null;
    }

    private static (long Successes, long N)? Proportion(long? successes, string successesField, long? n, string nField, List<ValidationIssue> issues)
    {
        var s = Count(successes, successesField, issues);
        var total = Count(n, nField, issues);
        if (s is null || total is null) return null;
        if (total == 0)
        {
            issues.Add(new(null, nField, "Must be at least 1."));
            return null;
        }

        if (s > total)
        {
            issues.Add(new(null, successesField, $"Must not exceed {nField} ({total})."));
            return null;
        }

        return (s.Value, total.Value);
    }

    private static double? Confidence(double? confidence, List<ValidationIssue> issues)
    {
        var value = confidence ?? 0.95;
        if (value is > 0 and < 1) return value;
        issues.Add(new(null, "confidence", "Must be between 0 and 1, exclusive."));
        return null;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
