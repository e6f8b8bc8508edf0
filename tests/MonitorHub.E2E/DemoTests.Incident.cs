using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MonitorHub.Core.Demo;

namespace MonitorHub.E2E;

// The demo's upstream VAD change, end to end: the simulator's own cascade, not one built for the test.
public sealed partial class DemoTests
{
    private const string Vad = "Voice activity detection";

    [Fact]
    public async Task Demo_VadChange_IsOneIncidentWithVadAsOrigin_AckingItAcksAll_AndTheHistoryShowsTheChain()
    {
        await WaitForDemoAsync();
        // The VAD change's three rules (on VAD, on recognition and on search downstream) open together.
        string[] cascade = ["Utterances clipped by VAD", "Null transcripts jumped", "Users redo searches"];
        var incidents = await WaitForAsync("/api/v1/incidents?state=open", l => l.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("originComponent").GetString() == Vad
            && i.GetProperty("alarms").GetInt32() >= cascade.Length), "open an incident on its VAD change");
        var incident = incidents.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("originComponent").GetString() == Vad);
        var id = incident.GetProperty("id").GetInt64();
        var detail = await App.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        var alarms = detail.GetProperty("alarms").EnumerateArray().ToList();
        Assert.Equal(cascade.Order(), alarms.Select(a => a.GetProperty("alarm").GetProperty("ruleName").GetString()!).Where(cascade.Contains).Order());
        var origin = alarms.Single(a => a.GetProperty("isOrigin").GetBoolean());
        Assert.Equal(("Utterances clipped by VAD", Vad), (origin.GetProperty("alarm").GetProperty("ruleName").GetString(), origin.GetProperty("component").GetString()));
        Assert.All(alarms.Where(a => !a.GetProperty("isOrigin").GetBoolean()), a => Assert.True(a.GetProperty("probablyCausedUpstream").GetBoolean(), a.GetRawText()));

        var page = await App.NewPageAsync();
        await AppServer.GotoAsync(page, "/incidents");
        await page.Locator("[data-testid=incident-list] tr", new() { HasText = Vad }).GetByRole(AriaRole.Link).First.ClickAsync();
        await AppServer.ExpectPathAsync(page, $"/incidents/{id}$");
        await Assertions.Expect(page.Locator("[data-testid=incident-origin]")).ToHaveTextAsync(Vad);
        await Assertions.Expect(page.Locator($"[data-testid='dag-node-{Vad}']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid='dag-node-Search']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid=incident-alarms]")).ToContainTextAsync("probably caused upstream");
        await page.Locator("[id^=alarm-chart-] .main-svg").Nth(cascade.Length - 1).WaitForAsync();
        await AppServer.ScreenshotAsync(page, "demo-vad-incident");

        // The canary starts after the rules and before the acknowledgement: the history's chain has it in between.
        await WaitForAsync($"/api/v1/deployments?model={VoiceSearchCanary.Model}", l => l.GetProperty("items").EnumerateArray()
            .Any(d => d.GetProperty("candidate").GetString() == VoiceSearchCanary.Candidate && d.GetProperty("state").GetString() != "pending"), "start its canary");

        // One comment acknowledges every alarm of the incident. The demo keeps firing (its batch job's failure may
        // join this incident any moment), so the check is on the alarms it held when acknowledged.
        var held = (await App.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}")).GetProperty("alarms").EnumerateArray()
            .Select(a => a.GetProperty("alarm").GetProperty("id").GetInt64()).ToList();
        const string comment = "VAD threshold change clips utterances, rolling it back";
        await page.Locator("[data-testid=incident-ack]").ClickAsync();
        await page.Locator("textarea[data-testid=comment]").FillAsync(comment);
        await page.Locator("[data-testid=confirm]").ClickAsync();
        var cascadeIds = alarms.Where(a => cascade.Contains(a.GetProperty("alarm").GetProperty("ruleName").GetString())).Select(a => a.GetProperty("alarm").GetProperty("id").GetInt64());
        foreach (var alarmId in cascadeIds)
            await Assertions.Expect(page.Locator($"[data-testid=incident-alarm-{alarmId}] [data-testid=incident-alarm-state]")).ToHaveTextAsync("Acknowledged");
        detail = await App.Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.All(detail.GetProperty("alarms").EnumerateArray().Where(a => held.Contains(a.GetProperty("alarm").GetProperty("id").GetInt64())),
            a => Assert.Contains(a.GetProperty("alarm").GetProperty("state").GetString(), new[] { "acknowledged", "resolved" }));
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains(comment, StringComparison.Ordinal));
        await AppServer.ScreenshotAsync(page, "demo-vad-incident-acknowledged");

        // The history tells the chain, newest first: the acknowledgement, the incident finding VAD as its origin,
        // and before them the canary deployment's steps and the rules the demo set up. Only those kinds, so the
        // demo's many alarm transitions, job runs and detections do not push them off the first page.
        await AppServer.GotoAsync(page, "/history");
        var history = page.Locator("[data-testid=history]");
        // One chip at a time, each reload seen through before the next click.
        foreach (var (chip, kind) in new[] { ("alarm", "alarm"), ("notification", "notification"), ("silence", "silence"), ("metric change", "metric"), ("automation", "automation"),
                     ("drift", "drift"), ("detector", "detector"), ("access & privacy", "access"), ("job run", "job"), ("scrape target", "scrape") })
        {
            await page.Locator("[data-testid=kind-filter] .mud-chip", new() { HasText = chip }).ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid=event][data-kind={kind}]")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(history).ToContainTextAsync($"acknowledged: {comment}");
        await Assertions.Expect(history).ToContainTextAsync($"Probable origin: {Vad}");
        await Assertions.Expect(history).ToContainTextAsync($"{VoiceSearchCanary.Model} {VoiceSearchCanary.Baseline} → {VoiceSearchCanary.Candidate}");
        await Assertions.Expect(page.Locator("[data-testid=event][data-kind=rule]", new() { HasText = cascade[0] })).ToHaveCountAsync(1);
        var events = await page.Locator("[data-testid=event]").AllInnerTextsAsync();
        int Newest(Func<string, bool> match) => events.ToList().FindIndex(e => match(e));
        int Oldest(Func<string, bool> match) => events.ToList().FindLastIndex(e => match(e));
        var acked = Newest(e => e.Contains(comment, StringComparison.Ordinal));
        var originFound = Oldest(e => e.Contains($"Probable origin: {Vad}", StringComparison.Ordinal));
        var deployment = Oldest(e => e.Contains($"{VoiceSearchCanary.Model} {VoiceSearchCanary.Baseline} → {VoiceSearchCanary.Candidate}", StringComparison.Ordinal));
        var ruleCreated = Oldest(e => e.Contains(cascade[0], StringComparison.Ordinal));
        Assert.True(acked < deployment && deployment < ruleCreated, string.Join("\n", events));
        Assert.True(acked < originFound && originFound < ruleCreated, string.Join("\n", events));
        await AppServer.ScreenshotAsync(page, "demo-vad-history");
    }
}
