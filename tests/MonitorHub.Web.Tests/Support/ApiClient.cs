using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Support;

internal static class ApiClient
{
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Samples stored for a metric over the last day, via the public query API.</summary>
    public static async Task<double> CountAsync(this HttpClient client, string metric)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var response = await client.GetAsync($"/api/v1/metrics/{metric}/series?agg=count&from={to.AddDays(-1):O}&to={to:O}".Replace("+", "%2B", StringComparison.Ordinal));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var body = await response.JsonAsync();
        return body.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()).Sum(p => p.GetProperty("v").GetDouble());
    }

    public static Task<HttpResponseMessage> PostSamplesAsync(this HttpClient client, params object[] samples) =>
        client.PostAsJsonAsync("/api/v1/metrics", new { samples });
}
