using System.Globalization;

namespace MonitorHub.Web.Tests.Features.Interop;

/// <summary>Reads what the receivers stored back through the public query API (a day's range, so from the rollups).</summary>
internal static class InteropQueries
{
    /// <summary>One value per (series, step) that has data, optionally only series with the given tags.</summary>
    public static Task<List<double>> ValuesAsync(this HttpClient client, string metric, string agg, params (string Name, string Value)[] tags) =>
        client.ValuesAsync(metric, agg, TimeSpan.FromDays(1), tags);

    /// <summary>As above over the last <paramref name="range"/>: up to 6 h the query reads raw samples.</summary>
    public static async Task<List<double>> ValuesAsync(this HttpClient client, string metric, string agg, TimeSpan range, params (string Name, string Value)[] tags)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(5);
        var filter = string.Concat(tags.Select(t => $"&tag.{Uri.EscapeDataString(t.Name)}={Uri.EscapeDataString(t.Value)}"));
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/metrics/{metric}/series?agg={agg}&from={Uri.EscapeDataString((to - range).ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}{filter}");
        var response = await client.GetAsync(url);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        return [.. body.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()).Select(p => p.GetProperty("v").GetDouble())];
    }

    /// <summary>The sum over every bucket: for additive aggregates (count, sum) only.</summary>
    public static async Task<double> TotalAsync(this HttpClient client, string metric, string agg, params (string Name, string Value)[] tags) =>
        (await client.ValuesAsync(metric, agg, tags)).Sum();

    /// <summary>The largest bucket max: samples a few seconds apart may straddle a bucket boundary, so summing would add them.</summary>
    public static async Task<double> MaxAsync(this HttpClient client, string metric, params (string Name, string Value)[] tags) =>
        (await client.ValuesAsync(metric, "max", tags)).Max();

    /// <summary>The smallest bucket min, for the same reason.</summary>
    public static async Task<double> MinAsync(this HttpClient client, string metric, params (string Name, string Value)[] tags) =>
        (await client.ValuesAsync(metric, "min", tags)).Min();

    public static async Task<IReadOnlyList<Dictionary<string, string>>> TagSetsAsync(this HttpClient client, string metric)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(5);
        var response = await client.GetAsync($"/api/v1/metrics/{metric}/series?agg=count&from={Uri.EscapeDataString(to.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        var body = await response.JsonAsync();
        return [.. body.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))];
    }
}
