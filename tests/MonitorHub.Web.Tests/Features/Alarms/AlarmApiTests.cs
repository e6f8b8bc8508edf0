using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Features.Alarms;

public sealed class AlarmApiTests : AdminApiTests
{
    [Fact]
    public async Task BreachingSample_FiresAnAlarm_OnCallAcknowledges_AndTheTimelineSaysWhoAndWhy()
    {
        var ruleId = await CreateRuleAsync(new { name = "Latency too high", metric = "al.latency_ms", aggregation = "max", windowSeconds = 60, @operator = ">", threshold = 500, severity = "critical" });
        await Admin.PostSamplesAsync(new { metric = "al.latency_ms", value = 900, tags = new { host = "a" } }, new { metric = "al.latency_ms", value = 100, tags = new { host = "b" } });

        var evaluated = await (await Admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync();
        var alarm = Assert.Single(evaluated.EnumerateArray());
        Assert.Equal("firing", alarm.GetProperty("state").GetString());
        Assert.Equal("a", alarm.GetProperty("tags").GetProperty("host").GetString());
        var alarmId = alarm.GetProperty("id").GetInt64();

        // Evaluating again at once changes nothing: one open alarm per rule and series.
        Assert.Empty((await (await Admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync()).EnumerateArray());

        await Session.CreateUserAsync(Admin, "oncall-olga", "oncall-password-1", "OnCall");
        var olga = await Session.SignedInAsync(Factory, "oncall-olga", "oncall-password-1");
        var ack = await olga.PostAsJsonAsync($"/api/v1/alarms/{alarmId}/ack", new { comment = "rolling back v8", expiresInMinutes = 60 });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acked = await ack.JsonAsync();
        Assert.Equal("acknowledged", acked.GetProperty("state").GetString());
        Assert.Equal("oncall-olga", acked.GetProperty("acknowledgedBy").GetString());

        var detail = await (await Admin.GetAsync($"/api/v1/alarms/{alarmId}")).JsonAsync();
        var timeline = detail.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["transition", "acknowledged"], timeline.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("evaluator", timeline[0].GetProperty("actor").GetString());
        Assert.Equal("oncall-olga", timeline[1].GetProperty("actor").GetString());
        Assert.Equal("rolling back v8", timeline[1].GetProperty("text").GetString());

        var resolved = await olga.PostAsJsonAsync($"/api/v1/alarms/{alarmId}/resolve", new { comment = "fixed" });
        Assert.Equal("resolved", (await resolved.JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await olga.PostAsJsonAsync($"/api/v1/alarms/{alarmId}/ack", new { comment = "late" })).StatusCode);
        Assert.Single((await (await Admin.GetAsync($"/api/v1/alarms?state=resolved&ruleId={ruleId}")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Ack_ByViewer_IsForbidden()
    {
        await Session.CreateUserAsync(Admin, "viewer-vic", "viewer-password-1", "Viewer");
        var vic = await Session.SignedInAsync(Factory, "viewer-vic", "viewer-password-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await vic.PostAsJsonAsync("/api/v1/alarms/1/ack", new { comment = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"r","metric":"m","operator":">","threshold":500,"clearThreshold":600}""", "clearThreshold")]
    [InlineData("""{"name":"r","metric":"m","operator":"~","threshold":1}""", "operator")]
    [InlineData("""{"name":"r","metric":"m"}""", "threshold")]
    [InlineData("""{"name":"r","metric":"m","threshold":1,"evaluationIntervalSeconds":5}""", "evaluationIntervalSeconds")]
    [InlineData("""{"name":"r","metric":"m","threshold":1,"severity":"panic"}""", "severity")]
    [InlineData("""{"name":"","metric":"m","threshold":1}""", "name")]
    public async Task InvalidRule_Is400NamingTheField_AndNothingIsStored(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/rules", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal("[]", await Admin.GetStringAsync("/api/v1/rules"));
    }

    [Fact]
    public async Task RuleChanges_AreAudited_AndDeletingRemovesTheRule()
    {
        var id = await CreateRuleAsync(new { name = "Null rate", metric = "al.null_rate", threshold = 5 });
        var put = await Admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { name = "Null rate", metric = "al.null_rate", threshold = 7, clearThreshold = 6, reason = "Tighter after the incident" });
        Assert.Equal(7, (await put.JsonAsync()).GetProperty("threshold").GetDouble());
        var audit = await (await Admin.GetAsync("/api/v1/audit?entityType=rule")).JsonAsync();
        Assert.Equal(["update", "create"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsync($"/api/v1/rules/{id}/evaluate", null)).StatusCode);
    }

    [Fact]
    public async Task BadAlarmQueries_Are400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("/api/v1/alarms?state=angry")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("/api/v1/alarms?ruleId=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/alarms/12345")).StatusCode);
    }

    [Fact]
    public async Task EditedRule_IsEvaluatedWithItsNewDefinition_OnTheNextCycle()
    {
        // The evaluator keeps parsed definitions between cycles; an edit must not be missed.
        var rule = new { name = "Edited rule", metric = "edit.latency_ms", aggregation = "max", windowSeconds = 60, evaluationIntervalSeconds = 10, threshold = 1000 };
        var id = await CreateRuleAsync(rule);
        await Admin.PostSamplesAsync(new { metric = "edit.latency_ms", value = 900 });
        var evaluator = Factory.Services.GetRequiredService<RuleEvaluationService>();
        await evaluator.RunDueAsync(TestContext.Current.CancellationToken);
        Assert.Empty((await (await Admin.GetAsync($"/api/v1/alarms?ruleId={id}")).JsonAsync()).EnumerateArray());

        var edited = await Admin.PutAsJsonAsync($"/api/v1/rules/{id}", new { rule.name, rule.metric, rule.aggregation, rule.windowSeconds, rule.evaluationIntervalSeconds, threshold = 500, reason = "Tighter" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await MakeRulesDueAsync();
        await evaluator.RunDueAsync(TestContext.Current.CancellationToken);

        var alarm = Assert.Single((await (await Admin.GetAsync($"/api/v1/alarms?ruleId={id}")).JsonAsync()).EnumerateArray());
        Assert.Equal("firing", alarm.GetProperty("state").GetString());
    }

    /// <summary>As if the next interval had begun: the evaluator runs a rule once per slot.</summary>
    private async Task MakeRulesDueAsync()
    {
        var contexts = Factory.Services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.AlarmRules.ExecuteUpdateAsync(u => u.SetProperty(r => r.LastEvaluatedAtMs, (long?)null), TestContext.Current.CancellationToken);
    }
}

public sealed class RuleJobTests
{
    [Fact]
    public async Task RecurringJob_OnTheRealSqliteStorage_EvaluatesDueRules()
    {
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Jobs:Storage"] = "SQLite" });
        var admin = factory.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/v1/rules", new { name = "Job rule", metric = "job.metric", threshold = 10, evaluationIntervalSeconds = 10, windowSeconds = 60 });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        await admin.PostSamplesAsync(new { metric = "job.metric", value = 50 });

        // The "evaluate-rules" recurring job runs every 10 s; trigger it too, then wait (bounded)
        // for Hangfire, on its SQLite storage, to run it and fire the alarm.
        factory.Services.GetRequiredService<Hangfire.IRecurringJobManager>().Trigger(MonitorHub.Infrastructure.Jobs.RuleEvaluationJob.RecurringJobId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement alarms;
        do
        {
            await Task.Delay(500);
            alarms = await (await admin.GetAsync($"/api/v1/alarms?ruleId={id}")).JsonAsync();
        }
        while (alarms.GetArrayLength() == 0 && DateTime.UtcNow < deadline);

        Assert.Equal("firing", Assert.Single(alarms.EnumerateArray()).GetProperty("state").GetString());
        var rule = await (await admin.GetAsync("/api/v1/rules")).JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, rule[0].GetProperty("lastEvaluatedAt").ValueKind);
    }
}

public sealed class BacktestApiTests
{
    [Fact]
    public async Task Backtest_CountsWhatTheRuleWouldHaveFired_OverPastData()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(-3);
        // One sample a minute; a 10-minute spike to 900 ms two hours ago.
        var samples = Enumerable.Range(0, 180).Select(i => (object)new
        {
            metric = "bt.latency_ms", value = i is >= 60 and < 70 ? 900 : 200, timestamp = start.AddMinutes(i).AddSeconds(30),
        }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostSamplesAsync(samples)).StatusCode);

        var response = await admin.PostAsJsonAsync("/api/v1/rules/backtest", new
        {
            rule = new { name = "draft", metric = "bt.latency_ms", aggregation = "max", windowSeconds = 60, @operator = ">", threshold = 500, evaluationIntervalSeconds = 60 },
            from = start, to = now,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        var firing = body.GetProperty("firings")[0];
        Assert.Equal(900, firing.GetProperty("peak").GetDouble());
        var minutes = (firing.GetProperty("end").GetDateTimeOffset() - firing.GetProperty("start").GetDateTimeOffset()).TotalMinutes;
        Assert.InRange(minutes, 9, 11);
        Assert.InRange(body.GetProperty("firingFraction").GetDouble(), 9.0 / 180, 11.0 / 180);
    }

    [Theory]
    [InlineData("""{}""", "rule")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"from":"2026-11-26T10:00:00Z","to":"2026-11-26T09:00:00Z"}""", "to")]
    [InlineData("""{"rule":{"metric":"m","threshold":1},"from":"2026-09-01T00:00:00Z","to":"2026-11-01T00:00:00Z"}""", "from")]
    [InlineData("""{"rule":{"metric":"m","threshold":1,"clearThreshold":5}}""", "clearThreshold")]
    public async Task BadBacktest_Is400NamingTheField(string json, string field)
    {
        await using var factory = new MonitorHubFactory();
        var response = await factory.CreateAdminClient().PostAsync("/api/v1/rules/backtest", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }
}

public sealed class AlarmFeedbackTests
{
    [Fact]
    public async Task NoiseFeedback_ShowsAsTheRulesNoiseRate_AndOnTheTimeline()
    {
        await using var factory = new MonitorHubFactory();
        var admin = factory.CreateAdminClient();
        var rule = (await (await admin.PostAsJsonAsync("/api/v1/rules", new { name = "Noisy", metric = "fb.metric", threshold = 1 })).JsonAsync()).GetProperty("id").GetInt32();
        await admin.PostSamplesAsync(new { metric = "fb.metric", value = 5, tags = new { host = "a" } }, new { metric = "fb.metric", value = 5, tags = new { host = "b" } });
        var alarms = (await (await admin.PostAsync($"/api/v1/rules/{rule}/evaluate", null)).JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/alarms/{alarms[0]}/resolve", new { comment = "blip", feedback = "noise" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/alarms/{alarms[1]}/ack", new { comment = "real", feedback = "useful" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/alarms/{alarms[1]}/resolve", new { comment = "x", feedback = "meh" })).StatusCode);

        var rules = await (await admin.GetAsync("/api/v1/rules")).JsonAsync();
        Assert.Equal(0.5, rules[0].GetProperty("noiseRate").GetDouble(), 6);
        var timeline = (await (await admin.GetAsync($"/api/v1/alarms/{alarms[0]}")).JsonAsync()).GetProperty("timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "blip [marked noise]");
    }
}
