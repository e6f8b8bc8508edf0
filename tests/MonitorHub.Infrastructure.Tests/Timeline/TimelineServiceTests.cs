using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Timeline;

namespace MonitorHub.Infrastructure.Tests.Timeline;

/// <summary>The timeline's tests, each on a fresh store of the run's provider.</summary>
public sealed class TimelineServiceTests : IAsyncLifetime
{
    private StoreFixture? _store;
    private static readonly DateTimeOffset T0 = StoreFixture.Start;

    private StoreFixture Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync() => Task.FromResult(new StoreFixture());

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<int> MonitorWithRunsAsync(string model, params bool[] verdicts)
    {
        var contexts = Store.Get<IDbContextFactory<MonitorHubDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        if (!await db.Models.AnyAsync(m => m.Name == model)) db.Models.Add(new ModelEntity { Name = model });
        var reference = new DriftReferenceEntity { Model = model, Name = "ref", Kind = "logs", Columns = "[]", Profile = [], CreatedBy = "t" };
        db.DriftReferences.Add(reference);
        await db.SaveChangesAsync();
        var monitor = new DriftMonitorEntity { Name = model + " monitor", Model = model, ReferenceId = reference.Id, Definition = "{}" };
        db.DriftMonitors.Add(monitor);
        await db.SaveChangesAsync();
        for (var i = 0; i < verdicts.Length; i++)
        {
            db.DriftRuns.Add(new DriftRunEntity { MonitorId = monitor.Id, AtMs = T0.AddHours(i).ToUnixTimeMilliseconds(), DatasetDrift = verdicts[i], Drifted = verdicts[i] ? 3 : 0, Tested = 5, Share = verdicts[i] ? 0.6 : 0, Columns = "[]" });
        }

        // A failed run between verdicts neither changes nor repeats one.
        db.DriftRuns.Add(new DriftRunEntity { MonitorId = monitor.Id, AtMs = T0.AddHours(verdicts.Length).AddMinutes(-30).ToUnixTimeMilliseconds(), Columns = "[]", Error = "no rows" });
        await db.SaveChangesAsync();
        return monitor.Id;
    }

    [Fact]
    public async Task DriftKind_ListsOnlyVerdictChanges_PerMonitor()
    {
        await MonitorWithRunsAsync("asr", false, false, true, true, false, true);
        await MonitorWithRunsAsync("vad", true, true);

        var page = await Store.Get<TimelineService>().PageAsync(new TimelineQuery(T0.AddDays(-1), T0.AddDays(1), Kinds: new HashSet<string> { TimelineKinds.Drift }));

        Assert.True(page.IsOk);
        Assert.Equal(
            [(5, "asr · asr monitor", true), (4, "asr · asr monitor", false), (2, "asr · asr monitor", true), (0, "vad · vad monitor", true)],
            page.Value.Events.Select(e => ((int)(e.Time - T0).TotalHours, e.Subject, e.Summary.StartsWith("Drift found", StringComparison.Ordinal))));
        Assert.All(page.Value.Events, e => Assert.StartsWith("/models/", e.Link, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelFilter_KeepsThatModelsDriftChanges()
    {
        await MonitorWithRunsAsync("asr", false, true);
        await MonitorWithRunsAsync("vad", true);

        var page = await Store.Get<TimelineService>().PageAsync(new TimelineQuery(T0.AddDays(-1), T0.AddDays(1), Model: "vad"));

        Assert.Equal(["vad · vad monitor"], page.Value!.Events.Select(e => e.Subject));
    }

    [Fact]
    public async Task Counts_AddEveryKindPerBucket_OverTheRange()
    {
        await MonitorWithRunsAsync("asr", true, false, true);

        var counts = await Store.Get<TimelineService>().CountsAsync(new TimelineQuery(T0, T0.AddHours(4)), buckets: 4);

        Assert.Equal([1, 1, 1, 0], counts.Value!.Counts);
        Assert.Equal(TimeSpan.FromHours(1), counts.Value.Bucket);
    }
}
