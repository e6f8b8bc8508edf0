using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Infrastructure.Timeline;

namespace MonitorHub.Infrastructure.Tests.Scrape;

public sealed class ScrapeTransitionTests : IAsyncDisposable
{
    private readonly StoreFixture _store = new();
    private static readonly DateTimeOffset T0 = StoreFixture.Start;

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private IDbContextFactory<MonitorHubDbContext> Contexts => _store.Get<IDbContextFactory<MonitorHubDbContext>>();

    private async Task<int> TargetAsync(string name)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var row = new ScrapeTargetEntity { Name = name, Url = $"http://{name}.invalid/metrics", Allowlist = "[]", ExtraTags = "{}", IntervalSeconds = 15, TimeoutSeconds = 5, Enabled = true };
        db.ScrapeTargets.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    /// <summary>One scrape's outcome, <paramref name="minute"/> minutes after T0, as <see cref="ScrapeService"/> records it.</summary>
    private Task ScrapedAsync(int target, int minute, ScrapeHealth health) =>
        _store.Get<ScrapeTargetStore>().RecordAsync(target, new ScrapeStatus(health, T0.AddMinutes(minute), health == ScrapeHealth.Down ? $"HTTP 503 at {minute}" : null, 0.1, 3));

    private async Task<List<(int Minute, bool Up, string? Error)>> TransitionsAsync(int target)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var rows = await db.ScrapeTransitions.AsNoTracking().Where(t => t.TargetId == target).OrderBy(t => t.AtMs).ToListAsync();
        return [.. rows.Select(t => ((int)(DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs) - T0).TotalMinutes, t.Up, t.Error))];
    }

    [Fact]
    public async Task GoingDownAndComingBackUp_IsRecordedWhenItHappens_OnceEach()
    {
        var target = await TargetAsync("triton");

        await ScrapedAsync(target, 0, ScrapeHealth.Up);
        await ScrapedAsync(target, 1, ScrapeHealth.Down);
        await ScrapedAsync(target, 2, ScrapeHealth.Down);
        await ScrapedAsync(target, 3, ScrapeHealth.Up);
        await ScrapedAsync(target, 4, ScrapeHealth.Up);

        // The first good scrape is no transition; the second failure and the second success repeat a state.
        Assert.Equal([(1, false, "HTTP 503 at 1"), (3, true, null)], await TransitionsAsync(target));
    }

    [Fact]
    public async Task RecordingTheSameScrapeAgain_AddsNothing_AndAnEditDoesNotHideTheRecovery()
    {
        var target = await TargetAsync("exporter");
        await ScrapedAsync(target, 0, ScrapeHealth.Down);
        await ScrapedAsync(target, 0, ScrapeHealth.Down);
        // An edit resets the target's health to unknown; it was still down, so the next good scrape is its recovery.
        await ScrapedAsync(target, 1, ScrapeHealth.Unknown);
        await ScrapedAsync(target, 2, ScrapeHealth.Up);
        await ScrapedAsync(target, 2, ScrapeHealth.Up);

        Assert.Equal([(0, false, "HTTP 503 at 0"), (2, true, null)], await TransitionsAsync(target));
    }

    [Fact]
    public async Task ScrapeKind_ReadsTheTransitions_NewestFirst_PerTarget()
    {
        var triton = await TargetAsync("triton");
        var exporter = await TargetAsync("exporter");
        await ScrapedAsync(triton, 1, ScrapeHealth.Down);
        await ScrapedAsync(exporter, 2, ScrapeHealth.Down);
        await ScrapedAsync(triton, 3, ScrapeHealth.Up);

        var page = await _store.Get<TimelineService>().PageAsync(new TimelineQuery(T0, T0.AddHours(1), Kinds: new HashSet<string> { TimelineKinds.Scrape }));

        Assert.Equal([(3, "triton", "Up again"), (2, "exporter", "Down: HTTP 503 at 2"), (1, "triton", "Down: HTTP 503 at 1")],
            page.Value!.Events.Select(e => ((int)(e.Time - T0).TotalMinutes, e.Subject, e.Summary)));
        Assert.All(page.Value.Events, e => Assert.Equal(TimelineLinks.ScrapeTargets, e.Link));
    }
}
