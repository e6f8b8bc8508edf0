using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>
/// A generated corpus of bad requests against every POST and PUT endpoint the app maps: truncated JSON,
/// wrong types, huge numbers, deep nesting, invalid UTF-8, duplicate keys, NaN/Infinity, 10 MB strings
/// and wrong content types. None may cause a 5xx, and none answered with a 4xx may change any table.
/// </summary>
public sealed class MalformedInputTests : AdminApiTests
{
    // Tables the background jobs write on their own schedule (rule evaluation), not requests.
    private static readonly HashSet<string> JobTables = ["rule_evaluations", "alarms", "alarm_events", "notification_groups", "notifications"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // Something for the {id} and {key} routes to find.
        await Admin.PostSamplesAsync(new { metric = "corpus.metric", value = 1 });
        await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Corpus", components = new[] { new { name = "A" } } });
        await Admin.PostAsJsonAsync("/api/v1/rules", new { name = "Corpus rule", metric = "corpus.unused", threshold = 1 });
        await Admin.PostAsJsonAsync("/api/v1/failure-modes", new { title = "Corpus mode", likelihood = 1, impact = 1 });
    }

    [Fact]
    public async Task EveryPostAndPut_AnswersBadInputWithA4xx_AndStoresNothingOfIt()
    {
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => (Method: m, Path: Fill(e.RoutePattern.RawText!))))
            .Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(routes.Count >= 30, $"only {routes.Count} POST/PUT routes found");

        var cases = 0;
        var failures = new List<string>();
        foreach (var (index, (method, path)) in routes.Index())
        {
            var big = path is "/api/v1/metrics" or "/api/v1/rules" or "/api/v1/drift/check" or "/api/v1/systems";
            foreach (var (name, content) in Corpus(index, big))
            {
                cases++;
                var before = Counts();
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
                using var response = await Admin.SendAsync(request, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{method} {path} [{name}] → {status}: {Trim(await response.Content.ReadAsStringAsync())}");
                else if (status >= 400 && Changed(before, Counts()) is { } changed) failures.Add($"{method} {path} [{name}] → {status} but changed {changed}");
            }
        }

        Assert.True(cases >= 2_000, $"only {cases} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(25)));
    }

    private static string Fill(string template) => System.Text.RegularExpressions.Regex.Replace(template, "\\{([^}:]+)(:[^}]+)?\\}", m =>
        m.Groups[2].Value is ":int" or ":long" ? "1" : m.Groups[1].Value switch
        {
            "key" => "corpus.metric",
            "name" => "corpus-model",
            "userName" => "nobody",
            _ => "x",
        });

    private static string Trim(string text) => text.Length > 200 ? text[..200] + "…" : text;

    /// <summary>Bodies that a careless or hostile client sends. Each is a fresh content object.</summary>
    /// <param name="rotation">Which four of the API's field names get odd values for this endpoint.</param>
    private static IEnumerable<(string Name, HttpContent Content)> Corpus(int rotation, bool withHugeStrings)
    {
        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        static HttpContent Bytes(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return content;
        }

        foreach (var text in new[] { "", " ", "{", "[", "}", "null", "true", "0", "-1", "\"x\"", "[]", "{}", "{\"a\":", "{\"a\":1,", "[{", "{\"samples\":[{\"metric\":" })
            yield return ($"truncated {text}", Json(text));

        var fields = new[]
        {
            "name", "metric", "value", "threshold", "samples", "predictions", "labels", "model", "id", "scopes", "url", "kind", "reason",
            "fields", "title", "rule", "from", "to", "reference", "current", "systemId", "password", "role", "comment", "window", "tags",
        };
        var odd = new[] { "null", "-1", "1e308", "-1e308", "123456789012345678901234567890", "\"\"", "[]", "{}", "true", "[null]", "{\"x\":null}", "\"\\u0000\"" };
        foreach (var field in Enumerable.Range(0, 4).Select(i => fields[((rotation * 4) + i) % fields.Length]))
        {
            foreach (var value in odd) yield return ($"{field}={value}", Json($"{{\"{field}\":{value}}}"));
        }

        yield return ("NaN literal", Json("{\"value\":NaN,\"threshold\":NaN}"));
        yield return ("Infinity literal", Json("{\"value\":Infinity,\"threshold\":-Infinity}"));
        yield return ("number too large", Json("{\"value\":1e400,\"threshold\":1e400,\"samples\":[{\"metric\":\"m\",\"value\":1e400}]}"));
        yield return ("duplicate keys", Json("{\"name\":\"a\",\"name\":\"b\",\"metric\":\"m\",\"metric\":1}"));
        yield return ("deep arrays", Json(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("deep objects", Json(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)));
        yield return ("invalid UTF-8", Bytes([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json"));
        yield return ("UTF-16 bytes", Bytes(Encoding.Unicode.GetBytes("{\"name\":\"x\"}"), "application/json"));
        yield return ("text/plain", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "text/plain"));
        yield return ("form", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
        yield return ("multipart", new MultipartFormDataContent { { new StringContent("x"), "name" } });
        yield return ("xml", new StringContent("<name>x</name>", Encoding.UTF8, "application/xml"));
        yield return ("no content type", new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"x\"}")));
        yield return ("binary", Bytes([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))], "application/octet-stream"));
        if (withHugeStrings)
        {
            var huge = new string('a', 10 * 1024 * 1024);
            yield return ("10 MB string", Json($"{{\"name\":\"{huge}\",\"metric\":\"{huge}\"}}"));
            yield return ("10 MB array", Json("{\"samples\":[" + string.Join(",", Enumerable.Repeat("{\"metric\":\"m\",\"value\":1}", 400_000)) + "]}"));
        }
    }

    private Dictionary<string, long> Counts()
    {
        _tables ??= [.. StoreInspection.Tables(Factory.Services).Where(t => !JobTables.Contains(t))];
        return StoreInspection.RowCounts(Factory.Services, _tables);
    }

    private List<string>? _tables;

    private static string? Changed(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        var changed = after.Where(a => before.GetValueOrDefault(a.Key) != a.Value).Select(a => $"{a.Key} {before.GetValueOrDefault(a.Key)}→{a.Value}").ToList();
        return changed.Count == 0 ? null : string.Join(", ", changed);
    }
}
