using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Incidents;

public sealed class IncidentTrackerTests : IAsyncDisposable
{
    private readonly StoreFixture _store = new();
    private readonly Dictionary<string, int> _rules = [];

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    /// <summary>A system with the given components and edges; one metric and one warning rule per component.</summary>
    private async Task SeedAsync(string[] components, params (string From, string To)[] edges)
    {
        var system = await _store.Get<CatalogueStore>().CreateSystemAsync(
            new SystemDraft("Voice", null, [.. components.Select(c => new ComponentDraft(c, null))], [.. edges.Select(e => new EdgeDraft(e.From, e.To))]), "test");
        Assert.True(system.IsOk);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            foreach (var component in system.Value.Components)
                db.MetricDefinitions.Add(new MetricDefinitionEntity { Key = Metric(component.Name), DisplayName = component.Name, SystemId = component.SystemId, ComponentId = component.Id });
            await db.SaveChangesAsync();
        }

        foreach (var name in components)
        {
            var rule = await _store.Get<AlarmStore>().SaveRuleAsync(null, new AlarmRule { Name = name + " broken", Metric = Metric(name), Threshold = 5, WindowSeconds = 60, Channels = [] }, "test");
            _rules[name] = rule.Value!.Id;
        }
    }

    private IDbContextFactory<MonitorHubDbContext> Contexts => _store.Get<IDbContextFactory<MonitorHubDbContext>>();

    private static string Metric(string component) => "inc." + component.ToLowerInvariant();

    /// <summary>A breaching sample now and an evaluation: the component's alarm opens.</summary>
    private async Task<long> FireAsync(string component)
    {
        await _store.WriteAsync([StoreFixture.Sample(Metric(component), 10, _store.Clock.GetUtcNow().AddSeconds(-5))]);
        var changed = await _store.Get<RuleEvaluationService>().EvaluateAsync(_rules[component]);
        return Assert.Single(changed!).Id;
    }

    private async Task<List<IncidentEntity>> IncidentsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Incidents.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
    }

    private async Task<IncidentAlarmEntity> MemberAsync(long alarmId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.IncidentAlarms.AsNoTracking().SingleAsync(m => m.AlarmId == alarmId);
    }

    [Fact]
    public async Task AlarmsWithinTheWindow_Group_AndOneOutsideItStartsANewIncident()
    {
        await SeedAsync(["VAD", "ASR", "Search"], ("VAD", "ASR"), ("ASR", "Search"));
        var vad = await FireAsync("VAD");
        _store.Clock.Advance(TimeSpan.FromMinutes(9));
        var asr = await FireAsync("ASR");
        _store.Clock.Advance(TimeSpan.FromMinutes(10.5));
        var search = await FireAsync("Search");

        var incidents = await IncidentsAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Equal((await MemberAsync(vad)).IncidentId, (await MemberAsync(asr)).IncidentId);
        Assert.NotEqual((await MemberAsync(asr)).IncidentId, (await MemberAsync(search)).IncidentId);
        Assert.Equal(vad, incidents[0].OriginAlarmId);
    }

    [Fact]
    public async Task AlarmsOpeningInOneEvaluationRun_AreOneIncident_WithTheUpstreamOrigin()
    {
        // The demo's VAD change: its rules' alarms all open in the same run of due rules.
        await SeedAsync(["VAD", "ASR", "Search"], ("VAD", "ASR"), ("ASR", "Search"));
        var at = _store.Clock.GetUtcNow().AddSeconds(-5);
        await _store.WriteAsync([StoreFixture.Sample(Metric("Search"), 10, at), StoreFixture.Sample(Metric("VAD"), 10, at), StoreFixture.Sample(Metric("ASR"), 10, at)]);

        Assert.Equal(3, await _store.Get<RuleEvaluationService>().RunDueAsync());

        var incident = Assert.Single(await IncidentsAsync());
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(3, await db.IncidentAlarms.CountAsync(m => m.IncidentId == incident.Id));
        var origin = await db.Alarms.AsNoTracking().SingleAsync(a => a.Id == incident.OriginAlarmId);
        Assert.Equal(_rules["VAD"], origin.RuleId);
    }

    [Fact]
    public async Task ResolvingTheUpstreamAlarm_ReleasesTheHeldDownstreamOne_AndTheAlarmTimelineSaysSo()
    {
        await SeedAsync(["VAD", "ASR"], ("VAD", "ASR"));
        var vad = await FireAsync("VAD");
        var asr = await FireAsync("ASR");
        Assert.True((await MemberAsync(asr)).Held);
        Assert.False((await MemberAsync(vad)).Held);

        _store.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await _store.Get<AlarmStore>().ResolveAsync(vad, "fixed VAD", "olga")).IsOk);
        Assert.False((await MemberAsync(asr)).Held);
        var timeline = (await _store.Get<AlarmStore>().GetAlarmAsync(asr))!.Timeline;
        Assert.Equal([IncidentTracker.HeldKind, IncidentTracker.ReleasedKind], timeline.Where(e => e.Kind is "held" or "released").Select(e => e.Kind));
        Assert.Equal(IncidentState.Open, (IncidentState)(await IncidentsAsync())[0].State);
    }

    [Fact]
    public async Task HeldAlarm_IsLeftOutOfNotifications_UntilReleased()
    {
        await SeedAsync(["VAD", "ASR"], ("VAD", "ASR"));
        int channel;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var row = new ChannelEntity { Name = "ops", Kind = (int)ChannelKind.Webhook, Url = "http://127.0.0.1:9/hook", Secret = new string('s', 32), Enabled = true };
            db.Channels.Add(row);
            await db.SaveChangesAsync();
            channel = row.Id;
        }

        var alarms = _store.Get<AlarmStore>();
        foreach (var name in new[] { "VAD", "ASR" })
        {
            var rule = (await alarms.GetRuleAsync(_rules[name]))!;
            await alarms.SaveRuleAsync(rule.Id, rule with { Channels = [channel] }, "test", "route");
        }

        var vad = await FireAsync("VAD");
        var asr = await FireAsync("ASR");
        var dispatcher = _store.Get<NotificationService>();
        Assert.Equal(0, await dispatcher.DispatchAsync()); // the group wait starts
        _store.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await dispatcher.DispatchAsync());
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var payload = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync()).Payload;
            Assert.Contains($"/alarms/{vad}", payload, StringComparison.Ordinal);
        }

        Assert.True((await alarms.ResolveAsync(vad, "fixed", "olga")).IsOk);
        await dispatcher.DispatchAsync();
        _store.Clock.Advance(TimeSpan.FromMinutes(10));
        await dispatcher.DispatchAsync();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            Assert.Contains(await db.Notifications.AsNoTracking().Select(n => n.Payload).ToListAsync(), p => p.Contains($"/alarms/{asr}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AnUpstreamAlarmConnectingTwoIncidents_MergesThemIntoTheOlder()
    {
        await SeedAsync(["Source", "Left", "Right", "Sink"], ("Source", "Left"), ("Source", "Right"), ("Left", "Sink"), ("Right", "Sink"));
        var left = await FireAsync("Left");
        var right = await FireAsync("Right");
        Assert.Equal(2, (await IncidentsAsync()).Count(i => i.ResolvedAtMs == null));

        var source = await FireAsync("Source");
        var open = Assert.Single(await IncidentsAsync(), i => i.ResolvedAtMs == null);
        Assert.Equal(source, open.OriginAlarmId);
        foreach (var id in new[] { left, right, source }) Assert.Equal(open.Id, (await MemberAsync(id)).IncidentId);
        var detail = (await _store.Get<IncidentStore>().GetAsync(open.Id))!;
        Assert.Equal(3, detail.Alarms.Count);
        Assert.Contains(detail.Timeline, e => e.Kind == "merged");
    }

    [Fact]
    public async Task PipelineHealth_CountsOpenAlarmsPerComponent_AndListsOnlyUnresolvedIncidents()
    {
        await SeedAsync(["VAD", "ASR", "Search"], ("VAD", "ASR"), ("ASR", "Search"));
        await FireAsync("VAD");
        await FireAsync("ASR");
        var first = Assert.Single(await IncidentsAsync());
        _store.Clock.Advance(TimeSpan.FromMinutes(11));
        await FireAsync("Search");
        var store = _store.Get<IncidentStore>();
        Assert.True((await store.ResolveAsync(first.Id, "rolled back", "olga")).IsOk);

        var health = await store.PipelineHealthAsync();

        var second = Assert.Single(health.OpenIncidents);
        Assert.NotEqual(first.Id, second.Id);
        var search = Assert.Single(health.Components);
        Assert.Equal((1, 1, Severity.Warning), (search.Value.Open, search.Value.Firing, search.Value.Worst));
        Assert.Equal(second.OriginComponentId, search.Key);
    }

    [Fact]
    public async Task SyncingAgain_ChangesNothing()
    {
        await SeedAsync(["VAD", "ASR"], ("VAD", "ASR"));
        var vad = await FireAsync("VAD");
        await FireAsync("ASR");
        int Count(MonitorHubDbContext db) => db.IncidentEvents.Count() + db.AlarmEvents.Count() + db.Incidents.Count();
        await using var db = await Contexts.CreateDbContextAsync();
        var before = Count(db);
        var alarms = await db.Alarms.ToListAsync();
        var rules = alarms.Select(a => (a, (AlarmRule)new AlarmRule { Id = a.RuleId, Metric = Metric(a.Id == vad ? "VAD" : "ASR") })).ToList();
        await _store.Get<IncidentTracker>().SyncAsync(db, rules, _store.Clock.GetUtcNow(), "evaluator", null, CancellationToken.None);
        await db.SaveChangesAsync();
        Assert.Equal(before, Count(db));
    }
}
