using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Models;

/// <summary>Prediction roles over HTTP: one row per (id, role, version), validation naming the field, and a label
/// joining every answer to the id.</summary>
public sealed class PredictionRoleApiTests(SharedAppFixture fixture) : IClassFixture<SharedAppFixture>
{
    private HttpClient Admin => fixture.Admin;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddSeconds(-5);

    private static object Answer(string id, string model, string version, string? role, string output) =>
        new { id, model, version, role, timestamp = At, output, score = 0.8, latencyMs = 50 };

    private async Task<List<PredictionEntity>> StoredAsync(string model)
    {
        await using var db = await fixture.Factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync(Ct);
        return await db.Predictions.AsNoTracking().Where(p => p.Model == model).OrderBy(p => p.Role).ThenBy(p => p.Version).ToListAsync(Ct);
    }

    [Fact]
    public async Task SameId_IsStoredOncePerRoleAndVersion_AndALabelJoinsThemAll()
    {
        var response = await Admin.PostPredictionsAsync(
            Answer("q-1", "roles", "v8", null, "yes"), Answer("q-1", "roles", "v9", "shadow", "no"), Answer("q-1", "roles", "", "human", "yes"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await response.JsonAsync()).GetProperty("accepted").GetInt32());

        var again = await Admin.PostPredictionsAsync(Answer("q-1", "roles", "v9", "shadow", "no"));
        var againBody = await again.Content.ReadAsStringAsync(Ct);
        Assert.True(again.StatusCode == HttpStatusCode.Accepted, againBody);
        Assert.Contains("\"duplicates\":1", againBody, StringComparison.Ordinal);

        var label = await Admin.PostAsJsonAsync("/api/v1/labels", new { labels = new[] { new { predictionId = "q-1", model = "roles", label = "yes" } } }, Ct);
        Assert.True(label.IsSuccessStatusCode, await label.Content.ReadAsStringAsync(Ct));

        var stored = await StoredAsync("roles");
        Assert.Equal([("human", ""), ("live", "v8"), ("shadow", "v9")], stored.Select(p => (p.Role, p.Version)));
        Assert.All(stored, p => Assert.Equal("yes", p.LabelText));
    }

    [Fact]
    public async Task UnknownRole_Is400NamingTheItemsRole_AndNothingIsStored()
    {
        var response = await Admin.PostPredictionsAsync(Answer("r-1", "badrole", "v1", null, "a"), Answer("r-2", "badrole", "v1", "robot", "a"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "role"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Empty(await StoredAsync("badrole"));
    }

    [Fact]
    public async Task ShadowAnswers_AreNotCountedInTheLiveModelsDerivedMetrics()
    {
        await Admin.PostPredictionsAsync(Answer("s-1", "shadowcount", "v1", "live", "a"), Answer("s-1", "shadowcount", "v2", "shadow", "a"), Answer("s-2", "shadowcount", "v2", "shadow", "b"));

        Assert.Equal(1, await Admin.CountAsync("model.shadowcount.latency_ms"));
    }
}
