using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Features.Alarms;

public sealed class SilenceApiTests : AdminApiTests
{
    [Fact]
    public async Task Silence_IsCreatedListedAndEnded_WithAnAuditTrail()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/silences", new { severity = "critical", tags = new { host = "a" }, comment = "deploying v9" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silence = await created.JsonAsync();
        Assert.True(silence.GetProperty("active").GetBoolean());
        var id = silence.GetProperty("id").GetInt32();

        Assert.Single((await (await Admin.GetAsync("/api/v1/silences")).JsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/silences/{id}")).StatusCode);
        Assert.Empty((await (await Admin.GetAsync("/api/v1/silences")).JsonAsync()).EnumerateArray());
        var all = await (await Admin.GetAsync("/api/v1/silences?all=true")).JsonAsync();
        Assert.False(all[0].GetProperty("active").GetBoolean());
        var audit = await (await Admin.GetAsync("/api/v1/audit?entityType=silence")).JsonAsync();
        Assert.Equal(["expire", "create"], audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Theory]
    [InlineData("""{"comment":"x"}""", "matchers")]
    [InlineData("""{"ruleId":1}""", "comment")]
    [InlineData("""{"ruleId":1,"comment":"x","startsAt":"2026-11-26T10:00:00Z","endsAt":"2026-11-26T09:00:00Z"}""", "endsAt")]
    [InlineData("""{"severity":"loud","comment":"x"}""", "severity")]
    public async Task InvalidSilence_Is400NamingTheField(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/silences", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Empty((await (await Admin.GetAsync("/api/v1/silences?all=true")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task OnCallReport_CountsAcknowledgedAndResolvedAlarmsPerRule()
    {
        var rule = await (await Admin.PostAsJsonAsync("/api/v1/rules", new { name = "Report rule", metric = "rep.metric", threshold = 1 })).JsonAsync();
        var ruleId = rule.GetProperty("id").GetInt32();
        await Admin.PostSamplesAsync(new { metric = "rep.metric", value = 5 });
        var alarm = (await (await Admin.PostAsync($"/api/v1/rules/{ruleId}/evaluate", null)).JsonAsync())[0].GetProperty("id").GetInt64();
        await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarm}/ack", new { comment = "looking" });
        await Admin.PostAsJsonAsync($"/api/v1/alarms/{alarm}/resolve", new { comment = "done" });

        var report = await (await Admin.GetAsync("/api/v1/reports/oncall")).JsonAsync();
        var row = Assert.Single(report.EnumerateArray());
        Assert.Equal("Report rule", row.GetProperty("ruleName").GetString());
        Assert.Equal((1, 1, 1), (row.GetProperty("alarms").GetInt32(), row.GetProperty("acknowledged").GetInt32(), row.GetProperty("resolved").GetInt32()));
        Assert.True(row.GetProperty("mttaSeconds").GetDouble() >= 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("/api/v1/reports/oncall?from=soon")).StatusCode);
    }
}
