using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.BatchJobs;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.BatchJobs;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.Tests.Persistence;

/// <summary>The EF-only stores (catalogue, rules and their versions, API keys, batch jobs) on a
/// PostgreSQL database migrated by the PostgreSQL migrations assembly. Names are unique per test:
/// the class shares one database.</summary>
public sealed class PostgreSqlStoreTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private StoreFixture Store => fixture.Store;

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Migration_UsesThePostgreSqlAssembly_AndCreatesEveryTable()
    {
        var store = Store;
        await using var db = await store.Get<IDbContextFactory<MonitorHubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken), m => m.EndsWith("_Initial", StringComparison.Ordinal));
        var tables = await fixture.Database.ScalarAsync(
            $"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('{Tables.Samples.Table}', '{Tables.Rollups.Table}', '{Tables.HourlyRollups.Table}', '{Tables.Series.Table}')");
        Assert.Equal(4, tables);
    }

    [Fact]
    public async Task System_CreatedWithComponentsAndEdges_ReadsBackInPipelineOrder()
    {
        var catalogue = Store.Get<CatalogueStore>();
        var name = Unique("Voice");
        var created = await catalogue.CreateSystemAsync(new SystemDraft(name, "speech", [new("ASR", null), new("VAD", null)], [new("VAD", "ASR")]), "test");
        Assert.True(created.IsOk);

        var read = await catalogue.GetSystemAsync(created.Value!.System.Id);
        Assert.NotNull(read);
        Assert.Equal(name, read.System.Name);
        Assert.Equal(["VAD", "ASR"], read.InPipelineOrder().Select(c => c.Name));
        Assert.Contains(await catalogue.ListSystemsAsync(), s => s.System.Name == name);
    }

    [Fact]
    public async Task System_WithATakenName_IsAConflictOrInvalid_AndNothingIsStored()
    {
        var catalogue = Store.Get<CatalogueStore>();
        var name = Unique("Dup");
        Assert.True((await catalogue.CreateSystemAsync(new SystemDraft(name, null, [], []), "test")).IsOk);
        var before = (await catalogue.ListSystemsAsync()).Count;

        var again = await catalogue.CreateSystemAsync(new SystemDraft(name, null, [], []), "test");

        Assert.False(again.IsOk);
        Assert.Equal(before, (await catalogue.ListSystemsAsync()).Count);
    }

    [Fact]
    public async Task Rule_SavedTwiceAndRolledBack_KeepsEveryVersion()
    {
        var alarms = Store.Get<AlarmStore>();
        var versions = Store.Get<VersionStore>();
        var rule = new AlarmRule { Name = Unique("Latency"), Metric = "pg.latency", Threshold = 5, WindowSeconds = 60, Channels = [] };
        var saved = await alarms.SaveRuleAsync(null, rule, "alice");
        Assert.True(saved.IsOk);
        var id = saved.Value!.Id;
        Assert.True((await alarms.SaveRuleAsync(id, saved.Value with { Threshold = 9 }, "bob", "noisy")).IsOk);

        var rolledBack = await alarms.RollbackRuleAsync(id, 1, "carol", "back", versions);

        Assert.True(rolledBack.IsOk);
        Assert.Equal(5, (await alarms.GetRuleAsync(id))!.Threshold);
        var history = await versions.ListAsync(VersionStore.Rule, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([3, 2, 1], history.Select(v => v.Version));
        Assert.Contains(await alarms.ListRulesAsync(), r => r.Rule.Id == id && r.OpenAlarms == 0);
    }

    [Fact]
    public async Task ApiKey_ValidatesUntilRevoked()
    {
        var keys = Store.Get<ApiKeyStore>();
        var created = await keys.CreateAsync(Unique("pusher"), null, ["ingest"], "admin");
        Assert.True(created.IsOk);
        var secret = created.Value!.Secret;
        Assert.Equal(created.Value.Info.Id, (await keys.ValidateAsync(secret))?.KeyId);

        Assert.True(await keys.RevokeAsync(created.Value.Info.Id, "admin"));

        Assert.Null(await keys.ValidateAsync(secret));
        Assert.NotNull(Assert.Single(await keys.ListAsync(), k => k.Id == created.Value.Info.Id).RevokedAt);
    }

    [Fact]
    public async Task BatchJob_SavedAndUpdated_IsListedWithItsSchedule()
    {
        var jobs = Store.Get<JobStore>();
        var name = "pg-job-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await jobs.SaveAsync(new BatchJob { Name = name, EveryMinutes = 60 }, "test", null)).IsOk);
        Assert.True((await jobs.SaveAsync(new BatchJob { Name = name, EveryMinutes = 30, GraceMinutes = 5 }, "test", "faster")).IsOk);

        var job = await jobs.GetAsync(name);

        Assert.NotNull(job);
        Assert.Equal(30, job.Job.EveryMinutes);
        Assert.Equal(5, job.Job.GraceMinutes);
        Assert.Contains(await jobs.ListAsync(), j => j.Job.Name == name);
    }
}
