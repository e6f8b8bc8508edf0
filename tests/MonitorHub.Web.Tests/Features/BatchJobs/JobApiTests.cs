using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MonitorHub.Infrastructure.BatchJobs;

namespace MonitorHub.Web.Tests.Features.BatchJobs;

/// <summary>/api/v1/jobs: run reports (and their completion), definitions with schedules, the rules they create,
/// the dead man's switch through the ordinary rule engine, runs paging and the timeline; a fake clock throughout.</summary>
public sealed class JobApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly MonitorHubFactory _root = new();
    private WebApplicationFactory<Program> _factory = default!;
    private HttpClient _admin = default!;

    public ValueTask InitializeAsync()
    {
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-Api-Key", MonitorHubFactory.AdminToken);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    private Task<HttpResponseMessage> ReportAsync(string job, object body) => _admin.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", body);

    private async Task<JsonElement> JobAsync(string job) => await (await _admin.GetAsync($"/api/v1/jobs/{job}")).JsonAsync();

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];
    }

    [Fact]
    public async Task StartedThenSucceeded_CompletesTheRun_WithTheDurationFromTheClock_AndRegistersTheJobWithoutSchedule()
    {
        var started = await ReportAsync("etl", new { status = "started", runId = "r1", rowsIn = 1000 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var done = await ReportAsync("etl", new { status = "succeeded", runId = "r1", rowsOut = 990 });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var run = await done.JsonAsync();
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(30, run.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.Equal(1000, run.GetProperty("rowsIn").GetDouble());
        var job = await JobAsync("etl");
        Assert.Equal(JsonValueKind.Null, job.GetProperty("cron").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("everyMinutes").ValueKind);
        Assert.Equal("ok", job.GetProperty("state").GetString());
        Assert.Equal("succeeded", job.GetProperty("lastStatus").GetString());
        Assert.Equal("job.etl.duration_seconds", job.GetProperty("metrics").GetProperty("durationSeconds").GetString());
        var runs = await (await _admin.GetAsync("/api/v1/jobs/etl/runs")).JsonAsync();
        Assert.Equal(1, runs.GetProperty("total").GetInt32());
        Assert.Equal(1, await _admin.CountAsync("job.etl.duration_seconds"));
        Assert.Equal(1, await _admin.CountAsync("job.etl.failed"));
    }

    [Theory]
    [InlineData("etl", """{"rowsIn":1}""", "status")]
    [InlineData("etl", """{"status":"done"}""", "status")]
    [InlineData("etl", """{"status":"succeeded","rowsIn":-1}""", "rowsIn")]
    [InlineData("etl", """{"status":"succeeded","rowsOut":-5}""", "rowsOut")]
    [InlineData("etl", """{"status":"succeeded","durationSeconds":-1}""", "durationSeconds")]
    [InlineData("etl", """{"status":"succeeded","runId":""}""", "runId")]
    [InlineData("Bad%20Name", """{"status":"succeeded"}""", "name")]
    [InlineData("etl", """{"status":"succeeded","rowsIn":"many"}""", "rowsIn")]
    public async Task BadReport_Is400NamingTheField_AndNothingIsStored(string job, string json, string field)
    {
        var response = await _admin.PostRawAsync($"/api/v1/jobs/{job}/runs", json);

        Assert.Contains(field, await FieldsAsync(response));
        Assert.Empty((await (await _admin.GetAsync("/api/v1/jobs")).JsonAsync()).EnumerateArray());
        Assert.Equal(0, await _admin.CountAsync("job.etl.failed"));
    }

    [Fact]
    public async Task TooLongMessage_Is400()
    {
        var response = await ReportAsync("etl", new { status = "failed", message = new string('x', 2001) });

        Assert.Contains("message", await FieldsAsync(response));
    }

    [Fact]
    public async Task FinishingARunTwice_OrStartingItTwice_Is409_AndStoresNothingMore()
    {
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync("etl", new { status = "started", runId = "r1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ReportAsync("etl", new { status = "started", runId = "r1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync("etl", new { status = "failed", runId = "r1", message = "OOM" })).StatusCode);

        var again = await ReportAsync("etl", new { status = "succeeded", runId = "r1" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await _admin.CountAsync("job.etl.failed"));
        Assert.Equal("failing", (await JobAsync("etl")).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("""{"cron":"every night"}""", "cron")]
    [InlineData("""{"cron":"0 2 * * *","everyMinutes":60}""", "cron")]
    [InlineData("""{"everyMinutes":0}""", "everyMinutes")]
    [InlineData("""{"everyMinutes":60,"graceMinutes":-1}""", "graceMinutes")]
    [InlineData("""{"componentId":999}""", "componentId")]
    [InlineData("""{"description":7}""", "description")]
    public async Task BadDefinition_Is400NamingTheField_AndNothingIsStored(string json, string field)
    {
        var response = await _admin.PutAsync("/api/v1/jobs/etl", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(field, await FieldsAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/jobs/etl")).StatusCode);
    }

    [Fact]
    public async Task MissedRun_MakesTheJobLate_AndItsDeadManRuleFires_UntilASuccess()
    {
        var put = await _admin.PutAsJsonAsync("/api/v1/jobs/etl", new { everyMinutes = 5, graceMinutes = 1, description = "hourly-ish" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var job = await put.JsonAsync();
        var rules = job.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(["job.etl.failed", "job.etl.overdue_minutes"], rules.Select(r => r.GetProperty("metric").GetString()).Order());
        var deadMan = rules.Single(r => r.GetProperty("metric").GetString() == "job.etl.overdue_minutes").GetProperty("id").GetInt32();
        Assert.Equal(_clock.GetUtcNow().AddMinutes(6).UtcDateTime, job.GetProperty("dueBy").GetDateTime(), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(1, await _factory.Services.GetRequiredService<JobCheckService>().RunAsync(CancellationToken.None));
        // The rule engine reads windows that end just before "now": evaluate a moment after the check.
        _clock.Advance(TimeSpan.FromSeconds(1));
        var alarms = await (await _admin.PostAsync($"/api/v1/rules/{deadMan}/evaluate", null)).JsonAsync();

        Assert.Equal("late", (await JobAsync("etl")).GetProperty("state").GetString());
        Assert.Equal(2, (await JobAsync("etl")).GetProperty("overdueMinutes").GetDouble(), 1);
        Assert.Equal("firing", Assert.Single(alarms.EnumerateArray()).GetProperty("state").GetString(), ignoreCase: true);

        Assert.Equal(HttpStatusCode.Created, (await ReportAsync("etl", new { status = "succeeded", durationSeconds = 12 })).StatusCode);
        Assert.Equal("ok", (await JobAsync("etl")).GetProperty("state").GetString());
        // Saving again with the same schedule creates no second pair of rules.
        var again = await (await _admin.PutAsJsonAsync("/api/v1/jobs/etl", new { everyMinutes = 5, graceMinutes = 2, reason = "more grace" })).JsonAsync();
        Assert.Equal(2, again.GetProperty("rules").GetArrayLength());
        var versions = await (await _admin.GetAsync("/api/v1/jobs/etl/versions")).JsonAsync();
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal("more grace", versions[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CreateRules_WithoutSchedule_CreatesOnlyTheFailureRule_AndIsIdempotent()
    {
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync("etl", new { status = "succeeded" })).StatusCode);

        var first = await (await _admin.PostAsync("/api/v1/jobs/etl/rules", null)).JsonAsync();
        var second = await (await _admin.PostAsync("/api/v1/jobs/etl/rules", null)).JsonAsync();

        Assert.Equal("job.etl.failed", Assert.Single(first.EnumerateArray()).GetProperty("metric").GetString());
        Assert.Empty(second.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync("/api/v1/jobs/none/rules", null)).StatusCode);
    }

    [Fact]
    public async Task Jobs_FilterByComponent_AndRunsArePaged_NewestFirst()
    {
        var system = await (await _admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "ASR" } } })).JsonAsync();
        var component = system.GetProperty("components")[0].GetProperty("id").GetInt32();
        (await _admin.PutAsJsonAsync("/api/v1/jobs/etl", new { componentId = component })).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.Created, (await ReportAsync("etl", new { status = "succeeded", runId = $"r{i}", rowsIn = i })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await ReportAsync("other", new { status = "succeeded" })).StatusCode);

        var ofComponent = await (await _admin.GetAsync($"/api/v1/jobs?componentId={component}")).JsonAsync();
        Assert.Equal("etl", Assert.Single(ofComponent.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(2, (await (await _admin.GetAsync("/api/v1/jobs")).JsonAsync()).GetArrayLength());
        var page = await (await _admin.GetAsync("/api/v1/jobs/etl/runs?skip=1&take=2")).JsonAsync();
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(["r3", "r2"], page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        Assert.Contains("take", await FieldsAsync(await _admin.GetAsync("/api/v1/jobs/etl/runs?take=0")));
        Assert.Contains("skip", await FieldsAsync(await _admin.GetAsync("/api/v1/jobs/etl/runs?skip=-1")));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/jobs/none/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/jobs/none")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/jobs/none/versions")).StatusCode);
        // The job's metrics are registered in its component, so the pipeline shows them there.
        var duration = await (await _admin.GetAsync("/api/v1/metrics/job.etl.rows_in")).JsonAsync();
        Assert.Equal(component, duration.GetProperty("componentId").GetInt32());
    }

    [Fact]
    public async Task Runs_AppearInTheTimeline_AsKindJob_ScopedByComponent()
    {
        var system = await (await _admin.PostAsJsonAsync("/api/v1/systems", new { name = "Voice", components = new[] { new { name = "ASR" }, new { name = "Search" } } })).JsonAsync();
        var asr = system.GetProperty("components")[0].GetProperty("id").GetInt32();
        var search = system.GetProperty("components")[1].GetProperty("id").GetInt32();
        (await _admin.PutAsJsonAsync("/api/v1/jobs/etl", new { componentId = asr })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync("etl", new { status = "failed", durationSeconds = 3, rowsIn = 10, message = "disk full" })).StatusCode);
        // The timeline reads [from, to) with "to" = now.
        _clock.Advance(TimeSpan.FromSeconds(1));

        var events = await (await _admin.GetAsync("/api/v1/events?kind=job")).JsonAsync();
        var inAsr = await (await _admin.GetAsync($"/api/v1/events?kind=job&component={asr}")).JsonAsync();
        var inSearch = await (await _admin.GetAsync($"/api/v1/events?kind=job&component={search}")).JsonAsync();

        var item = Assert.Single(events.GetProperty("events").EnumerateArray());
        Assert.Equal("job", item.GetProperty("kind").GetString());
        Assert.Equal("etl", item.GetProperty("subject").GetString());
        Assert.Equal("/jobs/etl", item.GetProperty("link").GetString());
        Assert.Contains("failed in 3 s", item.GetProperty("summary").GetString());
        Assert.Contains("disk full", item.GetProperty("summary").GetString());
        Assert.Single(inAsr.GetProperty("events").EnumerateArray());
        Assert.Empty(inSearch.GetProperty("events").EnumerateArray());
    }
}
