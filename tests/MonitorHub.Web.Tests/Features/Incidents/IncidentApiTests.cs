using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitorHub.Web.Tests.Features.Incidents;

public sealed class IncidentApiTests : AdminApiTests
{
    /// <summary>VAD → ASR → Search, each with one metric and one rule that its sample breaches.</summary>
    private async Task<(int SystemId, Dictionary<string, int> Components, Dictionary<string, int> Rules)> SeedChainAsync(string criticalAt = "")
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/systems", new
        {
            name = "Voice search",
            components = new[] { new { name = "VAD" }, new { name = "ASR" }, new { name = "Search" } },
            edges = new[] { new { from = "VAD", to = "ASR" }, new { from = "ASR", to = "Search" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var system = await created.JsonAsync();
        var components = system.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("id").GetInt32());
        var rules = new Dictionary<string, int>();
        foreach (var (name, id) in components)
        {
            var metric = "inc." + name.ToLowerInvariant();
            await Admin.PostSamplesAsync(new { metric, value = 10 });
            var assign = await Admin.PutAsJsonAsync($"/api/v1/metrics/{metric}", new { displayName = name, category = "Software", componentId = id, reason = "pipeline" });
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
            rules[name] = await CreateRuleAsync(new { name = name + " broken", metric, threshold = 5, severity = name == criticalAt ? "critical" : "warning" });
        }

        return (system.GetProperty("id").GetInt32(), components, rules);
    }

    private async Task<long> FireAsync(int ruleId)
    {
        var evaluated = await (await Admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync();
        return Assert.Single(evaluated.EnumerateArray()).GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> IncidentAsync(long id) => await (await Admin.GetAsync($"/api/v1/incidents/{id}")).JsonAsync();

    private async Task<JsonElement> OnlyIncidentAsync(string state)
    {
        var page = await (await Admin.GetAsync($"/api/v1/incidents?state={state}")).JsonAsync();
        return Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task DownstreamThenLateUpstream_AreOneIncident_WithTheUpstreamAsOrigin_AndTheDownstreamHeld()
    {
        var (_, components, rules) = await SeedChainAsync();
        var search = await FireAsync(rules["Search"]);
        var asr = await FireAsync(rules["ASR"]);
        var vad = await FireAsync(rules["VAD"]);

        var summary = await OnlyIncidentAsync("open");
        Assert.Equal(vad, summary.GetProperty("originAlarmId").GetInt64());
        Assert.Equal("VAD", summary.GetProperty("originComponent").GetString());
        Assert.Equal(3, summary.GetProperty("openAlarms").GetInt32());

        var detail = await IncidentAsync(summary.GetProperty("id").GetInt64());
        var alarms = detail.GetProperty("alarms").EnumerateArray().ToDictionary(a => a.GetProperty("alarm").GetProperty("id").GetInt64());
        Assert.True(alarms[vad].GetProperty("isOrigin").GetBoolean());
        Assert.False(alarms[vad].GetProperty("probablyCausedUpstream").GetBoolean());
        Assert.False(alarms[vad].GetProperty("notificationsHeld").GetBoolean());
        Assert.True(alarms[asr].GetProperty("probablyCausedUpstream").GetBoolean());
        Assert.True(alarms[search].GetProperty("notificationsHeld").GetBoolean());
        Assert.Equal(components.Values.Order(), detail.GetProperty("affectedPath").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2, detail.GetProperty("affectedEdges").GetArrayLength());
        var kinds = detail.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("alarmId").ValueKind == JsonValueKind.Null)
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["opened", "origin", "joined", "origin", "joined", "origin"], kinds);

        // The held alarm's own timeline says it was held, and why.
        var searchAlarm = await (await Admin.GetAsync($"/api/v1/alarms/{search}")).JsonAsync();
        var held = Assert.Single(searchAlarm.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "held");
        Assert.Contains("upstream ASR is firing", held.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CriticalDownstreamAlarm_IsNotHeldByDefault()
    {
        var (_, _, rules) = await SeedChainAsync(criticalAt: "Search");
        await FireAsync(rules["ASR"]);
        var search = await FireAsync(rules["Search"]);
        var detail = await IncidentAsync((await OnlyIncidentAsync("open")).GetProperty("id").GetInt64());
        var alarm = Assert.Single(detail.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("alarm").GetProperty("id").GetInt64() == search);
        Assert.True(alarm.GetProperty("probablyCausedUpstream").GetBoolean());
        Assert.False(alarm.GetProperty("notificationsHeld").GetBoolean());
    }

    [Fact]
    public async Task AckWithOneComment_AcknowledgesEveryAlarm_ThenResolveResolvesThem_AndTheHistoryShowsIt()
    {
        var (_, _, rules) = await SeedChainAsync();
        var ids = new[] { await FireAsync(rules["VAD"]), await FireAsync(rules["ASR"]) };
        var id = (await OnlyIncidentAsync("open")).GetProperty("id").GetInt64();

        await Session.CreateUserAsync(Admin, "oncall-omar", "oncall-password-1", "OnCall");
        var omar = await Session.SignedInAsync(Factory, "oncall-omar", "oncall-password-1");
        var ack = await omar.PostAsJsonAsync($"/api/v1/incidents/{id}/ack", new { comment = "VAD v3 rollout, rolling back" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("acknowledged", (await ack.JsonAsync()).GetProperty("incident").GetProperty("state").GetString());
        foreach (var alarmId in ids)
        {
            var alarm = await (await Admin.GetAsync($"/api/v1/alarms/{alarmId}")).JsonAsync();
            Assert.Equal("acknowledged", alarm.GetProperty("alarm").GetProperty("state").GetString());
            Assert.Equal("oncall-omar", alarm.GetProperty("alarm").GetProperty("acknowledgedBy").GetString());
            Assert.Contains(alarm.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "VAD v3 rollout, rolling back");
        }

        Assert.Equal(id, (await OnlyIncidentAsync("acknowledged")).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await omar.PostAsJsonAsync($"/api/v1/incidents/{id}/ack", new { comment = "again" })).StatusCode);

        var resolve = await omar.PostAsJsonAsync($"/api/v1/incidents/{id}/resolve", new { comment = "rolled back" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        Assert.Equal(id, (await OnlyIncidentAsync("resolved")).GetProperty("id").GetInt64());
        Assert.Equal(0, (await (await Admin.GetAsync("/api/v1/incidents?state=open")).JsonAsync()).GetProperty("items").GetArrayLength());

        var events = await (await Admin.GetAsync("/api/v1/events?kind=incident")).JsonAsync();
        var summaries = events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("summary").GetString()!).ToList();
        Assert.Contains(summaries, s => s == "acknowledged: VAD v3 rollout, rolling back");
        Assert.Contains(summaries, s => s == "resolved: rolled back");
        Assert.All(events.GetProperty("events").EnumerateArray(), e => Assert.Equal($"/incidents/{id}", e.GetProperty("link").GetString()));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"comment":"   "}""")]
    public async Task Ack_WithoutAComment_Is400NamingComment_AndChangesNothing(string body)
    {
        var (_, _, rules) = await SeedChainAsync();
        var alarm = await FireAsync(rules["VAD"]);
        var id = (await OnlyIncidentAsync("open")).GetProperty("id").GetInt64();
        foreach (var action in new[] { "ack", "resolve" })
        {
            var response = await Admin.PostAsync($"/api/v1/incidents/{id}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("comment", Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        }

        Assert.Equal("firing", (await (await Admin.GetAsync($"/api/v1/alarms/{alarm}")).JsonAsync()).GetProperty("alarm").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("state=closed", "state")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("before=x", "before")]
    [InlineData("systemId=-1", "systemId")]
    public async Task List_WithABadParameter_Is400NamingIt(string query, string field)
    {
        var response = await Admin.GetAsync("/api/v1/incidents?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownIncident_Is404_ForReadAndActions()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/incidents/404")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsJsonAsync("/api/v1/incidents/404/ack", new { comment = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsJsonAsync("/api/v1/incidents/404/resolve", new { comment = "x" })).StatusCode);
    }

    [Fact]
    public async Task List_PagesNewestFirst_ThroughNext()
    {
        var (_, _, rules) = await SeedChainAsync();
        // An alarm on VAD, resolved by hand, then a new one: two incidents (the first is over).
        var first = await FireAsync(rules["VAD"]);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync($"/api/v1/alarms/{first}/resolve", new { comment = "x" })).StatusCode);
        await FireAsync(rules["VAD"]);

        var page = await (await Admin.GetAsync("/api/v1/incidents?limit=1")).JsonAsync();
        var newest = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
        var next = page.GetProperty("next").GetInt64();
        var second = await (await Admin.GetAsync($"/api/v1/incidents?limit=1&before={next}")).JsonAsync();
        Assert.True(Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64() < newest);
    }

    [Fact]
    public async Task SystemEdit_WithACycle_Is400NamingEdges_AndNothingIsStored_ADiamondIsAccepted()
    {
        var (systemId, components, _) = await SeedChainAsync();
        var cycle = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}", new
        {
            name = "Voice search", reason = "loop",
            components = new[] { new { name = "VAD" }, new { name = "ASR" }, new { name = "Search" } },
            edges = new[] { new { from = "VAD", to = "ASR" }, new { from = "ASR", to = "Search" }, new { from = "Search", to = "VAD" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        var error = Assert.Single((await cycle.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal("edges", error.GetProperty("field").GetString());
        Assert.Contains("VAD → ASR → Search → VAD", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await (await Admin.GetAsync($"/api/v1/systems/{systemId}")).JsonAsync()).GetProperty("edges").GetArrayLength());

        var diamond = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}", new
        {
            name = "Voice search", reason = "speaker ID runs beside ASR",
            components = new[] { new { name = "VAD" }, new { name = "ASR" }, new { name = "Speaker" }, new { name = "Search" } },
            edges = new[] { new { from = "VAD", to = "ASR" }, new { from = "VAD", to = "Speaker" }, new { from = "ASR", to = "Search" }, new { from = "Speaker", to = "Search" } },
        });
        Assert.Equal(HttpStatusCode.OK, diamond.StatusCode);
        var saved = await diamond.JsonAsync();
        Assert.Equal(4, saved.GetProperty("edges").GetArrayLength());
        // Components keep their ids (and so their metrics) by name.
        Assert.Equal(components["ASR"], saved.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ASR").GetProperty("id").GetInt32());
        var versions = await (await Admin.GetAsync("/api/v1/audit?entityType=system")).JsonAsync();
        Assert.Contains(versions.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "update");
    }

    [Fact]
    public async Task SystemEdit_WithoutAReason_Is400_AndAnUnknownSystemIs404()
    {
        var (systemId, _, _) = await SeedChainAsync();
        var response = await Admin.PutAsJsonAsync($"/api/v1/systems/{systemId}", new { name = "Voice search" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reason", Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal(3, (await (await Admin.GetAsync($"/api/v1/systems/{systemId}")).JsonAsync()).GetProperty("components").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PutAsJsonAsync("/api/v1/systems/999", new { name = "x", reason = "y" })).StatusCode);
    }
}
