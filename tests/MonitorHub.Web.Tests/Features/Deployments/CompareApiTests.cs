using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>POST /api/v1/stats/compare: scipy's numbers for every test, any reader may ask, every bad input is a field-named 400.</summary>
public sealed class CompareApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private const string Url = "/api/v1/stats/compare";
    private HttpClient Admin => fixture.Admin;

    private static readonly Lazy<JsonElement> Vectors = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Deployments", "stats-vectors.json"))).RootElement.Clone());

    private static JsonElement Vector(string section, string name) =>
        Vectors.Value.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private async Task<JsonElement> CompareOkAsync(HttpClient client, string json)
    {
        var response = await client.PostRawAsync(Url, json);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("small_10_vs_12")]
    [InlineData("tied_integers_300_vs_250")]
    [InlineData("strong_shift_2000_vs_2000_tiny_p")]
    public async Task MannWhitney_AnswersScipysStatisticPValueAndShift(string name)
    {
        var c = Vector("mannWhitney", name);
        var json = $$"""{"test":"mannwhitney","x":{{c.GetProperty("x").GetRawText()}},"y":{{c.GetProperty("y").GetRawText()}}}""";

        var result = await CompareOkAsync(Admin, json);

        Assert.Equal("mannwhitney", result.GetProperty("test").GetString());
        Assert.Equal(c.GetProperty("statistic").GetDouble(), result.GetProperty("statistic").GetDouble(), 1e-9);
        AssertRelative(c.GetProperty("pValue").GetDouble(), result.GetProperty("pValue").GetDouble(), 1e-6);
        Assert.Equal(c.GetProperty("hodgesLehmann").GetDouble(), result.GetProperty("effect").GetProperty("hodgesLehmann").GetDouble(), 1e-9);
        AssertRelative(c.GetProperty("meanRatio").GetDouble(), result.GetProperty("effect").GetProperty("meanRatio").GetDouble(), 1e-9);
        Assert.Equal(c.GetProperty("x").GetArrayLength(), result.GetProperty("n1").GetInt32());
    }

    [Theory]
    [InlineData("exact_fractional_rank_sum", "exact")]
    [InlineData("zeros_switch_to_approx_15", "approximate")]
    public async Task Wilcoxon_AnswersScipysDefaults(string name, string method)
    {
        var c = Vector("wilcoxon", name);
        var json = $$"""{"test":"wilcoxon","x":{{c.GetProperty("x").GetRawText()}},"y":{{c.GetProperty("y").GetRawText()}}}""";

        var result = await CompareOkAsync(Admin, json);

        Assert.Equal(c.GetProperty("statistic").GetDouble(), result.GetProperty("statistic").GetDouble(), 1e-9);
        AssertRelative(c.GetProperty("pValue").GetDouble(), result.GetProperty("pValue").GetDouble(), 1e-6);
        Assert.Equal(method, result.GetProperty("method").GetString());
    }

    [Fact]
    public async Task McNemar_IsTheExactBinomialTest()
    {
        var result = await CompareOkAsync(Admin, """{"test":"mcnemar","b":3,"c":11}""");

        Assert.Equal(3, result.GetProperty("statistic").GetDouble());
        Assert.Equal(0.057373046875, result.GetProperty("pValue").GetDouble(), 1e-12); // 2·(1 + 14 + 91 + 364)/2^14
    }

    [Fact]
    public async Task TwoProportions_AnswersZPValueAndNewcombeInterval()
    {
        var c = Vector("twoProportions", "60of1000_vs_20of1000");

        var result = await CompareOkAsync(Admin, """{"test":"twoProportions","successes1":60,"n1":1000,"successes2":20,"n2":1000}""");

        Assert.Equal(c.GetProperty("statistic").GetDouble(), result.GetProperty("statistic").GetDouble(), 1e-9);
        AssertRelative(c.GetProperty("pValue").GetDouble(), result.GetProperty("pValue").GetDouble(), 1e-6);
        Assert.Equal(0.04, result.GetProperty("difference").GetDouble(), 1e-12);
        Assert.Equal(c.GetProperty("low").GetDouble(), result.GetProperty("interval").GetProperty("low").GetDouble(), 1e-9);
        Assert.Equal(c.GetProperty("high").GetDouble(), result.GetProperty("interval").GetProperty("high").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Wilson_AnswersLowAndHigh()
    {
        var c = Vector("wilson", "s512_n1000_c0.99");

        var result = await CompareOkAsync(Admin, """{"test":"wilson","successes":512,"n":1000,"confidence":0.99}""");

        Assert.Equal(c.GetProperty("low").GetDouble(), result.GetProperty("low").GetDouble(), 1e-9);
        Assert.Equal(c.GetProperty("high").GetDouble(), result.GetProperty("high").GetDouble(), 1e-9);
        Assert.False(result.TryGetProperty("pValue", out _));
    }

    [Fact]
    public async Task Kappa_AnswersKappaAndAgreement_AndSaysWhenKappaIsUndefined()
    {
        var result = await CompareOkAsync(Admin, """{"test":"kappa","x":["yes","yes","no","no"],"y":["yes","no","no","no"]}""");
        var constant = await CompareOkAsync(Admin, """{"test":"kappa","x":["a","a"],"y":["a","a"]}""");

        Assert.Equal(0.5, result.GetProperty("kappa").GetDouble(), 1e-12); // po 0.75, pe 0.5
        Assert.Equal(0.75, result.GetProperty("agreement").GetDouble());
        Assert.False(constant.TryGetProperty("kappa", out _));
        Assert.Equal(1, constant.GetProperty("agreement").GetDouble());
        Assert.Contains("undefined", constant.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Anonymous_IsUnauthorized()
    {
        using var anonymous = fixture.Factory.CreateClientWith(null);

        var response = await anonymous.PostRawAsync(Url, """{"test":"mcnemar","b":3,"c":11}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReadKeyAndViewer_MayCompare_IngestKeyMayNot()
    {
        async Task<string> KeyAsync(string scope)
        {
            var created = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "compare " + scope, scopes = new[] { scope } });
            return (await created.JsonAsync()).GetProperty("secret").GetString()!;
        }

        using var reader = fixture.Factory.CreateClientWith(await KeyAsync("read"));
        using var ingest = fixture.Factory.CreateClientWith(await KeyAsync("ingest"));
        await Session.CreateUserAsync(Admin, "compare-viewer", "viewer-password-1", "Viewer");
        using var viewer = await Session.SignedInAsync(fixture.Factory, "compare-viewer", "viewer-password-1");
        const string body = """{"test":"mcnemar","b":3,"c":11}""";

        Assert.Equal(HttpStatusCode.OK, (await reader.PostRawAsync(Url, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostRawAsync(Url, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.PostRawAsync(Url, body)).StatusCode);
    }

    [Theory]
    [InlineData("""{"test":"ttest","x":[1],"y":[2]}""", "test")]
    [InlineData("""{"x":[1],"y":[2]}""", "test")]
    [InlineData("""{"test":"mannwhitney","x":[],"y":[1]}""", "x")]
    [InlineData("""{"test":"mannwhitney","x":[1,2]}""", "y")]
    [InlineData("""{"test":"mannwhitney","x":[1,2],"y":"1,2"}""", "y")]
    [InlineData("""{"test":"mannwhitney","x":[1,1e999],"y":[1]}""", "x")]
    [InlineData("""{"test":"mannwhitney","x":[1,"2"],"y":[1]}""", "x")]
    [InlineData("""{"test":"mannwhitney","x":[1,NaN],"y":[1]}""", "x")]
    [InlineData("""{"test":"wilcoxon","x":[1,2,3],"y":[1,2]}""", "y")]
    [InlineData("""{"test":"wilcoxon","x":[1,2,3],"y":[1,2,3]}""", "y")]
    [InlineData("""{"test":"mcnemar","b":-1,"c":2}""", "b")]
    [InlineData("""{"test":"mcnemar","c":2}""", "b")]
    [InlineData("""{"test":"mcnemar","b":1.5,"c":2}""", "b")]
    [InlineData("""{"test":"twoProportions","successes1":5,"n1":3,"successes2":1,"n2":2}""", "successes1")]
    [InlineData("""{"test":"twoProportions","successes1":0,"n1":0,"successes2":1,"n2":2}""", "n1")]
    [InlineData("""{"test":"twoProportions","successes1":1,"n1":3,"successes2":1,"n2":2,"confidence":1.5}""", "confidence")]
    [InlineData("""{"test":"wilson","successes":1,"n":10,"confidence":1}""", "confidence")]
    [InlineData("""{"test":"wilson","successes":1,"n":10,"confidence":0}""", "confidence")]
    [InlineData("""{"test":"wilson","successes":-2,"n":10}""", "successes")]
    [InlineData("""{"test":"kappa","x":["a","b"],"y":["a",1]}""", "y")]
    [InlineData("""{"test":"kappa","x":["a","b"],"y":["a"]}""", "y")]
    public async Task BadInput_IsBadRequestNamingTheField(string json, string field)
    {
        var response = await Admin.PostRawAsync(Url, json);
        var body = await response.JsonAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToString());
        var fields = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList();
        Assert.True(fields.Any(f => f == field || f.StartsWith(field + "[", StringComparison.Ordinal)), $"expected {field}, got {string.Join(", ", fields)}");
    }

    [Fact]
    public async Task ArrayOverTheCap_IsBadRequestNamingTheField()
    {
        var json = new StringBuilder("""{"test":"mannwhitney","y":[1],"x":[""");
        json.Append(string.Join(',', Enumerable.Repeat("0", 1_000_001)));
        json.Append("]}");

        var response = await Admin.PostRawAsync(Url, json.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"x\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BodyOverTheLimit_IsTooLarge()
    {
        var padding = new string(' ', 33 * 1024 * 1024);

        var response = await Admin.PostRawAsync(Url, """{"test":"mcnemar","b":1,"c":2}""" + padding);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
