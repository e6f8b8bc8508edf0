using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MonitorHub.Web.Tests.Features.Timeline;

/// <summary>
/// One app seeded with a small history: system "Voice" (component "ASR") owning metric ev.asr, its
/// rule (alarmed, acknowledged, silenced) and model "ev-asr" (a canary aborted); a rule on ev.other
/// outside the system (named like a formula, for the CSV); an API key; an automation change; a scrape
/// target on ASR that went down and came back up (disabled, so the scraper itself adds nothing).
/// </summary>
public sealed class EventApiFixture : IAsyncLifetime
{
    public MonitorHubFactory Factory { get; } = new();
    public HttpClient Admin { get; private set; } = default!;
    public int SystemId { get; private set; }
    public int ComponentId { get; private set; }
    public int OtherSystemId { get; private set; }
    /// <summary>When the scrape target went down: an hour ago (inside the default day), to the second.</summary>
    public DateTimeOffset ScrapeDown { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());

    public async ValueTask InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        var system = await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "ASR" } } })).JsonAsync();
        SystemId = system.GetProperty("id").GetInt32();
        ComponentId = system.GetProperty("components")[0].GetProperty("id").GetInt32();
        OtherSystemId = (await (await Admin.PostAsJsonAsync("/api/v1/systems", new { name = "Other" })).JsonAsync()).GetProperty("id").GetInt32();

        await Admin.PostSamplesAsync(new { metric = "ev.asr", value = 5 }, new { metric = "ev.other", value = 5 });
        (await Admin.PutAsJsonAsync("/api/v1/metrics/ev.asr", new { displayName = "ASR errors", category = "Custom", systemId = SystemId, componentId = ComponentId, reason = "owned by ASR" })).EnsureSuccessStatusCode();

        var rule = await RuleAsync(new { name = "ASR errors high", metric = "ev.asr", threshold = 1 });
        var other = await RuleAsync(new { name = "=cmd|' /C calc'!A0", metric = "ev.other", threshold = 1 });
        var alarm = (await (await Admin.PostAsync($"/api/v1/rules/{rule}/evaluate", null)).JsonAsync())[0].GetProperty("id").GetInt64();
        (await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarm}/ack", new { comment = "looking into it" })).EnsureSuccessStatusCode();
        await Admin.PostAsync($"/api/v1/rules/{other}/evaluate", null);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/silences", new { ruleId = rule, comment = "retraining" })).StatusCode);

        (await Admin.PutAsJsonAsync("/api/v1/models/ev-asr", new { systemId = SystemId, samplingRate = 1.0, retentionDays = 30 })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "v7", "v8" }) (await Admin.PostAsJsonAsync("/api/v1/models/ev-asr/versions", new { version })).EnsureSuccessStatusCode();
        var deployment = await (await Admin.PostAsJsonAsync("/api/v1/deployments", new { model = "ev-asr", strategy = "canary", baseline = "v7", candidate = "v8", steps = new[] { new { setWeight = 10 } } })).JsonAsync();
        (await Admin.PostAsJsonAsync($"/api/v1/deployments/{deployment.GetProperty("id").GetInt64()}/abort", new { reason = "latency step" })).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/v1/systems/Voice/automation", new { degree = "shadowMode", reason = "start shadowing" })).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "gateway", scopes = new[] { "read" } })).EnsureSuccessStatusCode();
        await ScrapeTargetDownAndUpAsync();
    }

    /// <summary>The scraper's reports, as <c>ScrapeService</c> makes them: up, down twice (one event), up again.</summary>
    private async Task ScrapeTargetDownAndUpAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/scrape-targets", new { name = "triton", url = "http://triton.invalid:8002/metrics", componentId = ComponentId, enabled = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var store = Factory.Services.GetRequiredService<MonitorHub.Infrastructure.Scrape.ScrapeTargetStore>();
        foreach (var (minutes, up) in new[] { (0, true), (1, false), (2, false), (3, true) })
        {
            await store.RecordAsync(id, new(up ? MonitorHub.Core.Metrics.Scrape.ScrapeHealth.Up : MonitorHub.Core.Metrics.Scrape.ScrapeHealth.Down,
                ScrapeDown.AddMinutes(minutes - 1), up ? null : "HTTP 503 Service Unavailable", 0.1, up ? 10 : 0));
        }
    }

    private async Task<int> RuleAsync(object rule)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/rules", rule);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class EventApiTests(EventApiFixture fixture) : IClassFixture<EventApiFixture>
{
    private HttpClient Admin => fixture.Admin;

    private MonitorHubFactory Factory => fixture.Factory;

    private async Task<List<JsonElement>> EventsAsync(string query = "")
    {
        var response = await Admin.GetAsync("/api/v1/events" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.JsonAsync()).GetProperty("events").EnumerateArray()];
    }

    private static string[] Kinds(IEnumerable<JsonElement> events) => [.. events.Select(e => e.GetProperty("kind").GetString()!).Distinct().Order()];

    [Fact]
    public async Task Unfiltered_MergesEveryKind_NewestFirst_InOneSchema()
    {
        var events = await EventsAsync();

        Assert.Equal(["access", "alarm", "automation", "deployment", "incident", "metric", "rule", "scrape", "silence"], Kinds(events));
        var times = events.Select(e => e.GetProperty("time").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(events, e => Assert.Equal(["actor", "kind", "link", "subject", "summary", "time"], e.EnumerateObject().Select(p => p.Name).Order()));
        // The alarm's acknowledgement; its incident records one too (kind "incident").
        var ack = Assert.Single(events, e => e.GetProperty("kind").GetString() == "alarm" && e.GetProperty("summary").GetString()!.StartsWith("acknowledged", StringComparison.Ordinal));
        Assert.Contains("looking into it", ack.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("/alarms/", ack.GetProperty("link").GetString(), StringComparison.Ordinal);
        var abort = Assert.Single(events, e => e.GetProperty("kind").GetString() == "deployment");
        Assert.Equal("ev-asr v7 → v8", abort.GetProperty("subject").GetString());
        Assert.Contains("latency step", abort.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rule", new[] { "rule" })]
    [InlineData("rule,silence", new[] { "rule", "silence" })]
    [InlineData("alarm&kind=deployment", new[] { "alarm", "deployment" })]
    public async Task KindFilter_KeepsOnlyThoseKinds(string kind, string[] expected) =>
        Assert.Equal(expected, Kinds(await EventsAsync("?kind=" + kind)));

    [Fact]
    public async Task SystemFilter_KeepsTheSystemsRulesMetricsModelsAndAutomation_AndDropsGlobalChanges()
    {
        var events = await EventsAsync($"?system={fixture.SystemId}");

        Assert.Equal(["alarm", "automation", "deployment", "incident", "metric", "rule", "scrape", "silence"], Kinds(events));
        Assert.DoesNotContain(events, e => e.GetProperty("subject").GetString()!.StartsWith("=cmd", StringComparison.Ordinal));
        Assert.Empty(await EventsAsync($"?system={fixture.OtherSystemId}"));
    }

    [Fact]
    // The alarm is on a component of a pipeline, so it opened an incident too.
    public async Task ComponentFilter_KeepsWhatItsMetricsTouch() =>
        Assert.Equal(["alarm", "incident", "metric", "rule", "scrape", "silence"], Kinds(await EventsAsync($"?component={fixture.ComponentId}")));

    [Fact]
    public async Task ScrapeKind_ListsTheTargetGoingDownAndComingBackUp_WhenThatHappened()
    {
        var events = await EventsAsync("?kind=scrape");

        Assert.Equal(
            [(fixture.ScrapeDown.AddMinutes(2), "Up again"), (fixture.ScrapeDown, "Down: HTTP 503 Service Unavailable")],
            events.Select(e => (new DateTimeOffset(e.GetProperty("time").GetDateTime()), e.GetProperty("summary").GetString())));
        Assert.All(events, e => Assert.Equal(("triton", "scraper", "/catalogue/scrape-targets"),
            (e.GetProperty("subject").GetString(), e.GetProperty("actor").GetString(), e.GetProperty("link").GetString())));
        Assert.Empty(await EventsAsync($"?kind=scrape&system={fixture.OtherSystemId}"));
    }

    [Fact]
    public async Task MetricFilter_KeepsItsDefinitionItsRulesAlarmsAndSilences_Only()
    {
        var events = await EventsAsync("?metric=ev.asr");
        // Its alarm is on a component, so it opened an incident too.
        Assert.Equal(["alarm", "incident", "metric", "rule", "silence"], Kinds(events));
        Assert.DoesNotContain(events, e => e.GetProperty("subject").GetString()!.StartsWith("=cmd", StringComparison.Ordinal));
        // Outside any system: the other metric's own rule and alarm.
        var other = await EventsAsync("?metric=ev.other");
        Assert.Equal(["alarm", "rule"], Kinds(other));
        Assert.All(other, e => Assert.StartsWith("=cmd", e.GetProperty("subject").GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChartEvents_OfASystemsMetric_AreTheSystemsChanges_AsDottedMarkers()
    {
        var definition = await Factory.Services.GetRequiredService<MonitorHub.Infrastructure.Catalogue.CatalogueStore>().GetDefinitionAsync("ev.asr");
        var now = DateTimeOffset.UtcNow;
        var (markers, truncated) = await Factory.Services.GetRequiredService<MonitorHub.Web.Features.Timeline.ChartEvents>()
            .ForMetricAsync(definition!, now.AddHours(-1), now.AddMinutes(1));

        Assert.False(truncated);
        Assert.Contains(markers, m => m.Hover.StartsWith("automation · Voice", StringComparison.Ordinal) && m.Hover.Contains("start shadowing", StringComparison.Ordinal));
        Assert.Contains(markers, m => m.Hover.StartsWith("alarm · ASR errors high", StringComparison.Ordinal));
        // Deployments have their own markers with weights; notifications repeat their alarm.
        Assert.DoesNotContain(markers, m => m.Hover.StartsWith("deployment", StringComparison.Ordinal) || m.Hover.StartsWith("notification", StringComparison.Ordinal));
        Assert.All(markers, m => Assert.Equal("dot", m.Dash));
    }

    [Fact]
    public async Task ModelFilter_KeepsTheModelsDeploymentsAndItsSystemsAutomation() =>
        Assert.Equal(["automation", "deployment"], Kinds(await EventsAsync("?model=ev-asr")));

    [Fact]
    public async Task Range_EndingBeforeEverything_IsEmpty() =>
        Assert.Empty(await EventsAsync("?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z"));

    [Fact]
    public async Task CursorPages_VisitEveryEventOnce_InTheSameOrderAsOnePage()
    {
        var all = (await EventsAsync()).Select(e => e.GetRawText()).ToList();
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await Admin.GetAsync("/api/v1/events?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            paged.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.True(all.Count > 4);
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("to=soon", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("kind=alarm,bogus", "kind")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("system=abc", "system")]
    [InlineData("system=9999", "system")]
    [InlineData("component=9999", "component")]
    [InlineData("model=no-such-model", "model")]
    [InlineData("model=bad%20name", "model")]
    [InlineData("format=xml", "format")]
    [InlineData("metric=no.such.metric", "metric")]
    [InlineData("metric=Bad%20Key", "metric")]
    [InlineData("metric=ev.asr&model=ev-asr", "metric")]
    public async Task BadFilter_Is400NamingTheField(string query, string field)
    {
        foreach (var path in new[] { "/api/v1/events?", "/api/v1/events.csv?" })
        {
            var response = await Admin.GetAsync(path + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        }
    }

    [Fact]
    public async Task ComponentOfAnotherSystem_Is400NamingTheComponent()
    {
        var response = await Admin.GetAsync($"/api/v1/events?system={fixture.OtherSystemId}&component={fixture.ComponentId}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("component", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/v1/events.csv")]
    [InlineData("/api/v1/events?format=csv")]
    public async Task Csv_HasTheSameRows_WithFormulaCellsDefused(string path)
    {
        var response = await Admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("time,kind,subject,actor,summary,link", lines[0]);
        Assert.Equal((await EventsAsync()).Count, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains(",\"'=cmd|' /C calc'!A0", StringComparison.Ordinal) || l.Contains(",'=cmd|", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",=cmd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyBoundToASystem_ReadsOnlyThatSystem_AndMayNotAskForAnother()
    {
        var created = await (await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "voice reader", systemId = fixture.SystemId, scopes = new[] { "read" } })).JsonAsync();
        using var client = fixture.Factory.CreateClientWith(created.GetProperty("secret").GetString());

        var events = (await (await client.GetAsync("/api/v1/events")).JsonAsync()).GetProperty("events").EnumerateArray().ToList();
        Assert.NotEmpty(events);
        Assert.DoesNotContain(events, e => e.GetProperty("kind").GetString() == "access");
        Assert.DoesNotContain(events, e => e.GetProperty("subject").GetString()!.StartsWith("=cmd", StringComparison.Ordinal));

        var response = await client.GetAsync($"/api/v1/events?system={fixture.OtherSystemId}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("system", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
