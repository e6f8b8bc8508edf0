using System.Net.Http.Json;

namespace MonitorHub.E2E;

internal static class Api
{
    public static async Task PostSamplesAsync(this HttpClient http, params object[] samples)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/metrics", new { samples });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<int> CreateSystemAsync(this HttpClient http, string name, params string[] components)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/systems", new
        {
            name,
            description = "Created by an end-to-end test.",
            components = components.Select(c => new { name = c, description = $"The {c} stage." }),
            edges = components.Zip(components.Skip(1), (a, b) => new { from = a, to = b }),
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("id").GetInt32();
    }
}
