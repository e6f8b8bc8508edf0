using System.Net;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Drift;

namespace MonitorHub.Web.Tests.Features.DriftCheck;

/// <summary>POST /api/v1/drift/check: statistics agree with Core, every bad input is a field-named 400, nothing is a 5xx.</summary>
public sealed class DriftCheckApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private const string Url = "/api/v1/drift/check";
    private HttpClient Admin => fixture.Admin;

    /// <summary>Seeded normal draws (Box–Muller) so the data is the same on every run.</summary>
    private static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    private async Task<JsonElement> CheckOkAsync(object body)
    {
        var response = await Admin.PostRawAsync(Url, JsonSerializer.Serialize(body));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    private static JsonElement Column(JsonElement result, string name) =>
        result.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task ShiftedNormal_IsFlaggedByKs_WithCoresPValue()
    {
        var (reference, current) = (Normal(200, 0, 1), Normal(150, 1, 2));
        var steady = Normal(150, 0, 3);

        var result = await CheckOkAsync(new
        {
            reference = new { x = reference, same = reference },
            current = new { x = current, same = steady },
            method = "ks",
        });

        var expected = DatasetDrift.Run(
            ReferenceProfile.Build([ColumnData.Numeric("x", [.. reference.Select(v => (double?)v)])]),
            [ColumnData.Numeric("x", [.. current.Select(v => (double?)v)])],
            new DriftRunOptions { DefaultMethod = DriftMethod.Ks }).Columns[0];
        var x = Column(result, "x");
        Assert.Equal("numeric", x.GetProperty("type").GetString());
        Assert.Equal("ks", x.GetProperty("method").GetString());
        Assert.Equal("tested", x.GetProperty("status").GetString());
        Assert.True(x.GetProperty("drifted").GetBoolean());
        Assert.Equal(expected.PValue!.Value, x.GetProperty("pValue").GetDouble(), 1e-15);
        Assert.Equal(expected.Statistic!.Value, x.GetProperty("statistic").GetDouble(), 1e-15);
        Assert.True(x.GetProperty("pValue").GetDouble() < 1e-6);
        Assert.Equal(0.05, x.GetProperty("threshold").GetDouble());
        Assert.Equal(200, x.GetProperty("referenceCount").GetInt64());
        Assert.Equal(150, x.GetProperty("currentCount").GetInt64());
        Assert.False(Column(result, "same").GetProperty("drifted").GetBoolean());
        Assert.Equal(1, result.GetProperty("drifted").GetInt32());
        Assert.Equal(2, result.GetProperty("tested").GetInt32());
        Assert.Equal(0.5, result.GetProperty("share").GetDouble());
        Assert.True(result.GetProperty("datasetDrift").GetBoolean());
    }

    [Fact]
    public async Task Categorical_Chi2_WithAnUnseenCategory_IsFinite()
    {
        var result = await CheckOkAsync(new
        {
            reference = new { device = Enumerable.Repeat("phone", 30).Concat(Enumerable.Repeat("web", 20)).ToArray() },
            current = new { device = Enumerable.Repeat("phone", 10).Concat(Enumerable.Repeat("watch", 25)).Append(null).ToArray() },
        });

        var device = Column(result, "device");
        Assert.Equal("categorical", device.GetProperty("type").GetString());
        Assert.Equal("chi2", device.GetProperty("method").GetString());
        Assert.True(double.IsFinite(device.GetProperty("statistic").GetDouble()));
        Assert.InRange(device.GetProperty("pValue").GetDouble(), 0, 1e-6);
        Assert.True(device.GetProperty("drifted").GetBoolean());
        Assert.Equal(35, device.GetProperty("currentCount").GetInt64());
    }

    [Theory]
    [InlineData("wasserstein")]
    [InlineData("jensenshannon")]
    [InlineData("psi")]
    [InlineData("hellinger")]
    public async Task DistanceMethods_ReportTheDistanceAsStatistic_AndNoPValue(string method)
    {
        var result = await CheckOkAsync(new
        {
            reference = new { x = Normal(300, 0, 4) },
            current = new { x = Normal(300, 2, 5) },
            columns = new { x = new { method = method.ToUpperInvariant() } },
        });

        var x = Column(result, "x");
        Assert.Equal(method, x.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, x.GetProperty("pValue").ValueKind);
        Assert.Equal(JsonValueKind.Null, x.GetProperty("adjustedPValue").ValueKind);
        Assert.True(x.GetProperty("statistic").GetDouble() > x.GetProperty("threshold").GetDouble());
        Assert.True(x.GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task EmptyCurrent_IsInsufficientData_NotAnError()
    {
        var result = await CheckOkAsync(new
        {
            reference = new { x = new[] { 1.0, 2, 3, 4, 5, 6, 7 }, c = new[] { "a", "b" } },
            current = new { x = Array.Empty<double>(), c = new string?[] { null, null } },
        });

        foreach (var name in new[] { "x", "c" })
        {
            var column = Column(result, name);
            Assert.Equal("insufficientData", column.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, column.GetProperty("statistic").ValueKind);
            Assert.Equal(JsonValueKind.Null, column.GetProperty("pValue").ValueKind);
            Assert.False(column.GetProperty("drifted").GetBoolean());
            Assert.Equal(0, column.GetProperty("currentCount").GetInt64());
        }

        Assert.Equal(0, result.GetProperty("tested").GetInt32());
        Assert.Equal(0, result.GetProperty("share").GetDouble());
        Assert.False(result.GetProperty("datasetDrift").GetBoolean());
    }

    [Fact]
    public async Task DeclaredCategorical_TreatsNumbersAsCategories_AndCorrectionIsApplied()
    {
        var result = await CheckOkAsync(new
        {
            reference = new { cls = new[] { 0, 1, 1, 2, 0, 1 }, x = Normal(100, 0, 6) },
            current = new { cls = new[] { 2, 2, 2, 2, 1, 2 }, x = Normal(100, 0.1, 7) },
            columns = new { cls = new { type = "categorical", method = "chi2", threshold = 0.1 } },
            correction = "bonferroni",
            driftShare = 1.0,
        });

        var cls = Column(result, "cls");
        Assert.Equal("categorical", cls.GetProperty("type").GetString());
        Assert.Equal(0.1, cls.GetProperty("threshold").GetDouble());
        Assert.Equal(Math.Min(1, 2 * cls.GetProperty("pValue").GetDouble()), cls.GetProperty("adjustedPValue").GetDouble(), 1e-12);
        Assert.Equal("bonferroni", result.GetProperty("correction").GetString());
        Assert.Equal(1.0, result.GetProperty("driftShare").GetDouble());
    }

    [Theory]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"method":"magic"}""", "method")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"correction":"holm"}""", "correction")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"driftShare":0}""", "driftShare")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"driftShare":1.5}""", "driftShare")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"driftShare":"half"}""", "driftShare")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"threshold":1e400}}}""", "columns.a.threshold")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"threshold":-1}}}""", "columns.a.threshold")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"method":"ks","threshold":2}}}""", "columns.a.threshold")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"floor":-0.5}}}""", "columns.a.floor")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"type":"text"}}}""", "columns.a.type")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"method":"t-test"}}}""", "columns.a.method")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"zz":{"method":"ks"}}}""", "columns.zz")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1]},"columns":{"a":{"alpha":0.1}}}""", "columns.a.alpha")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[1],"b":[2]}}""", "current.b")]
    [InlineData("""{"reference":{"a":[1,2],"b":[2]},"current":{"a":[1]}}""", "reference.b")]
    [InlineData("""{"reference":{"a":["x"]},"current":{"a":["y"]},"method":"ks"}""", "method")]
    [InlineData("""{"reference":{"a":["x"]},"current":{"a":["y"]},"columns":{"a":{"method":"wasserstein"}}}""", "columns.a.method")]
    [InlineData("""{"reference":{"a":[1,2,3,"x"]},"current":{"a":[1]}}""", "reference.a[3]")]
    [InlineData("""{"reference":{"a":[1,true]},"current":{"a":[1]}}""", "reference.a[1]")]
    [InlineData("""{"reference":{"a":[{"v":1}]},"current":{"a":[1]}}""", "reference.a[0]")]
    [InlineData("""{"reference":{"a":[[1]]},"current":{"a":[1]}}""", "reference.a[0]")]
    [InlineData("""{"reference":{"a":[1,2]},"current":{"a":[null,"1"]}}""", "current.a[1]")]
    [InlineData("""{"reference":{"a":[1,1e400]},"current":{"a":[1]}}""", "reference.a[1]")]
    [InlineData("""{"reference":{"a":[1,NaN]},"current":{"a":[1]}}""", "reference.a")]
    [InlineData("""{"reference":{"a":["1"]},"current":{"a":[1]},"columns":{"a":{"type":"numeric"}}}""", "reference.a[0]")]
    [InlineData("""{"reference":{"a":5},"current":{"a":[1]}}""", "reference.a")]
    [InlineData("""{"reference":[1,2],"current":{"a":[1]}}""", "reference")]
    [InlineData("""{"reference":{"a":[1]},"current":{"a":[1]},"extra":1}""", "extra")]
    [InlineData("""{"reference":{"a":[1]}}""", "current")]
    [InlineData("""{"current":{"a":[1]}}""", "reference")]
    [InlineData("""{"reference":{},"current":{}}""", "reference")]
    [InlineData("""{"reference":{"a":[1],"a":[2]},"current":{"a":[1]}}""", "reference.a")]
    [InlineData("""{"reference":{"":[1]},"current":{"":[1]}}""", "reference.")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task InvalidInput_Is400_NamingTheField(string body, string field)
    {
        var response = await Admin.PostRawAsync(Url, body);

        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var fields = json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.True(fields.Contains(field), $"expected {field} in [{string.Join(", ", fields)}]: {json}");
    }

    [Fact]
    public async Task TooManyColumnsOrValues_Are400()
    {
        var columns = string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"c{i}\":[1]"));
        var wide = await Admin.PostRawAsync(Url, "{\"reference\":{" + columns + "},\"current\":{" + columns + "}}");
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.Contains("\"field\":\"reference\"", await wide.Content.ReadAsStringAsync());

        var values = new StringBuilder("{\"reference\":{\"a\":[");
        values.Append(string.Join(",", Enumerable.Repeat("0", DriftCheckLimitsForTests.MaxValues + 1)));
        values.Append("]},\"current\":{\"a\":[1]}}");
        var tall = await Admin.PostRawAsync(Url, values.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, tall.StatusCode);
        Assert.Contains("\"field\":\"reference.a\"", await tall.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("123")]
    [InlineData("\"text\"")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"reference\":{\"a\":[1,2")]
    [InlineData("{\"reference\":{\"a\":[\"1\",\"2\"]},\"current\":{\"a\":[\"3\"]}}")]
    [InlineData("{\"reference\":{\"a\":[1e400]},\"current\":{\"a\":[-1e400]}}")]
    [InlineData("{\"reference\":{\"a\":[NaN]},\"current\":{\"a\":[Infinity]}}")]
    [InlineData("{\"reference\":{\"a\":[1]},\"current\":{\"a\":[1]}} trailing")]
    [InlineData("{\"reference\":{\"a\":[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]},\"current\":{\"a\":[1]}}")]
    [InlineData("{\"reference\":{\"a\":[1]},\"current\":{\"a\":[1]},\"method\":null,\"correction\":null,\"driftShare\":null,\"columns\":null}")]
    [InlineData("{\"reference\":{\"a\":[1]},\"current\":{\"a\":[1]},\"columns\":{\"a\":null}}")]
    [InlineData("{\"reference\":{\"a\":[1,2,3]},\"current\":{\"a\":[4,5,6]},\"columns\":{\"a\":{\"method\":\"chi2\",\"threshold\":0.5,\"floor\":0}}}")]
    [InlineData("{\"reference\":{\"a\":[1,1,1]},\"current\":{\"a\":[1,1]},\"method\":\"ks\"}")]
    [InlineData("{\"reference\":{\"a\":[\"\\u0000\",\"\\ud800\"]},\"current\":{\"a\":[\"x\"]}}")]
    public async Task OddJson_IsNeverA5xx(string body)
    {
        var response = await Admin.PostRawAsync(Url, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        if (response.StatusCode != HttpStatusCode.OK) Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task InvalidUtf8_IsA400()
    {
        using var content = new ByteArrayContent([.. "{\"reference\":{\"a\":[\""u8, 0xC3, 0x28, .. "\"]},\"current\":{\"a\":[1]}}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Admin.PostAsync(Url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

internal static class DriftCheckLimitsForTests
{
    public const int MaxValues = MonitorHub.Core.Drift.DriftCheckLimits.MaxValuesPerColumn;
}
