using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Models;

public sealed class PredictionRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly MonitorHubFactory _root = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = default!;

    public ValueTask InitializeAsync()
    {
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task RetentionJob_DeletesPredictionsOlderThanEachModelsRetention()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", MonitorHubFactory.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/models/short", new { samplingRate = 1.0, retentionDays = 1 })).StatusCode);
        var now = _clock.GetUtcNow();
        var response = await client.PostPredictionsAsync(
            new { id = "old", model = "short", timestamp = now.AddHours(-2) },
            new { id = "new", model = "short", timestamp = now.AddMinutes(-1) },
            new { id = "kept", model = "long", timestamp = now.AddHours(-2) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // A day later "old" is past the 1-day retention of its model; "long" keeps the default 30 days.
        _clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(30));
        var result = await _factory.Services.GetRequiredService<RetentionJob>().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.PredictionsDeleted);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["kept", "new"], await db.Predictions.Select(p => p.PredictionId).OrderBy(p => p).ToListAsync(TestContext.Current.CancellationToken));
    }
}
