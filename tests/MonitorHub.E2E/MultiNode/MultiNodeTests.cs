using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E.MultiNode;

/// <summary>Two MonitorHub processes on one PostgreSQL and one Redis (the cross-node latency is
/// measured apart, in <see cref="MultiNodeLiveTests"/>).</summary>
public sealed class MultiNodeTests(MultiNodeTests.Fixture fixture) : IClassFixture<MultiNodeTests.Fixture>
{
    public sealed class Fixture : IAsyncDisposable
    {
        public Cluster Cluster { get; } = new();

        public ValueTask DisposeAsync() => Cluster.DisposeAsync();
    }

    private Cluster Nodes => fixture.Cluster;
    private HttpClient Http => Nodes.Http;

    [Fact]
    public async Task SamplesPostedToBothNodesAtOnce_IntoOneSeriesAndMinute_CountAndSumExactlyOnBoth()
    {
        await Nodes.StartAsync();
        const string metric = "mn.concurrent";
        const int writersPerNode = 2, batches = 20, batchSize = 100;
        var minute = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds() / 60 * 60);
        var writers = new[] { Nodes.A, Nodes.B }
            .SelectMany((node, n) => Enumerable.Range(0, writersPerNode).Select(w => (node, writer: n * writersPerNode + w)))
            .Select(x => Task.Run(async () =>
            {
                for (var b = 0; b < batches; b++)
                {
                    var samples = Enumerable.Range(0, batchSize).Select(i =>
                    {
                        var index = ((x.writer * batches) + b) * batchSize + i;
                        return new { metric, value = Value(index), timestamp = minute.AddMilliseconds(index % 60_000) };
                    }).ToArray();
                    using var response = await Http.PostAsJsonAsync(new Uri(x.node.Address, "/api/v1/metrics"), new { samples });
                    response.EnsureSuccessStatusCode();
                }
            }))
            .ToList();
        await Task.WhenAll(writers);

        var total = 2 * writersPerNode * batches * batchSize;
        var values = Enumerable.Range(0, total).Select(Value).Order().ToArray();
        var p95 = values[(int)Math.Ceiling(0.95 * total) - 1];
        foreach (var node in new[] { Nodes.A, Nodes.B })
        {
            // The hour around the minute reads raw samples; a week reads the rollup tiers.
            foreach (var (from, to, step) in new[] { (minute.AddMinutes(-30), minute.AddMinutes(30), 3600), (DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddMinutes(1), 86400) })
            {
                Assert.Equal(total, await SumOfPointsAsync(node, metric, "count", from, to, step));
                Assert.Equal(values.Sum(), await SumOfPointsAsync(node, metric, "sum", from, to, step));
                var quantile = await SumOfPointsAsync(node, metric, "p95", minute, minute.AddMinutes(1), 60);
                Assert.InRange(quantile, p95 * 0.98, p95 * 1.02);
            }
        }
    }

    // Quarter steps: every partial sum is exact in a double, so "exact" means equal.
    private static double Value(int index) => index % 1000 + 0.25;

    [Fact]
    public async Task AnAlarmTheEvaluatorFires_ReachesTheOpenInboxOnBothNodes_AndEachRuleIsEvaluatedOncePerInterval()
    {
        await Nodes.StartAsync();
        const string metric = "mn.rule_latency_ms";
        await PostAsync(Nodes.A, new { metric, value = 100 });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AppServer.LaunchBrowserAsync(playwright);
        var inboxes = new List<IPage>();
        foreach (var node in new[] { Nodes.A, Nodes.B })
        {
            var page = await SignedInPageAsync(browser, node);
            await AppServer.GotoAsync(page, "/alarms");
            inboxes.Add(page);
        }

        // Nothing triggers the job by hand: the rule is evaluated by Hangfire's recurring job, which
        // both nodes' servers could run.
        using var created = await Http.PostAsJsonAsync(new Uri(Nodes.A.Address, "/api/v1/rules"), new
        {
            name = "Cluster latency too high", metric, aggregation = "max", windowSeconds = 60, @operator = ">",
            threshold = 500, clearThreshold = 400, severity = "warning", evaluationIntervalSeconds = 10,
        });
        created.EnsureSuccessStatusCode();
        var ruleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await PostAsync(Nodes.B, new { metric, value = 900 });

        foreach (var page in inboxes)
        {
            var row = page.Locator("[data-testid=inbox] tr", new() { HasText = "Cluster latency too high" });
            await Assertions.Expect(row).ToContainTextAsync("Firing", new() { Timeout = 30_000 });
        }

        await AppServer.ScreenshotAsync(inboxes[1], "multinode-inbox-on-b");

        // Three intervals at least, then no interval may hold two evaluations of the rule.
        var evaluations = $"SELECT count(*) FROM rule_evaluations WHERE \"RuleId\" = {ruleId}";
        var deadline = DateTime.UtcNow.AddSeconds(70);
        while (await Nodes.Database.ScalarAsync(evaluations) < 3 && DateTime.UtcNow < deadline) await Task.Delay(500);
        var count = await Nodes.Database.ScalarAsync(evaluations);
        var slots = await Nodes.Database.ScalarAsync($"SELECT count(DISTINCT \"AtMs\" / 10000) FROM rule_evaluations WHERE \"RuleId\" = {ruleId}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{count} evaluations in {slots} ten-second intervals");
        Assert.True(count >= 3, $"only {count} evaluations in 70 s");
        Assert.Equal(slots, count);
    }

    [Fact]
    public async Task AKeyRevokedOnNodeA_IsRefusedOnNodeB_AndAUserDisabledOnA_IsSignedOutOnB()
    {
        await Nodes.StartAsync();
        using var createdKey = await Http.PostAsJsonAsync(new Uri(Nodes.A.Address, "/api/v1/keys"), new { name = "cluster reader", scopes = new[] { "read" } });
        createdKey.EnsureSuccessStatusCode();
        var key = await createdKey.Content.ReadFromJsonAsync<JsonElement>();
        using var reader = new HttpClient();
        reader.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri(Nodes.B.Address, "/api/v1/metrics"))).StatusCode);

        (await Http.DeleteAsync(new Uri(Nodes.A.Address, $"/api/v1/keys/{key.GetProperty("key").GetProperty("id").GetString()}"))).EnsureSuccessStatusCode();
        Assert.True(await WithinAsync(TimeSpan.FromSeconds(1), async () =>
            (await reader.GetAsync(new Uri(Nodes.B.Address, "/api/v1/metrics"))).StatusCode == HttpStatusCode.Unauthorized),
            "node B still accepted the key a second after node A revoked it");

        using (var user = await Http.PostAsJsonAsync(new Uri(Nodes.A.Address, "/api/v1/users"), new { userName = "leaver", password = "leaver-password-1", role = "Viewer" }))
            user.EnsureSuccessStatusCode();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AppServer.LaunchBrowserAsync(playwright);
        var page = await SignedInPageAsync(browser, Nodes.B, "leaver", "leaver-password-1");
        await AppServer.GotoAsync(page, "/");
        (await Http.PutAsJsonAsync(new Uri(Nodes.A.Address, "/api/v1/users/leaver"), new { disabled = true })).EnsureSuccessStatusCode();
        // The open tab on node B leaves for the sign-in page without a reload.
        await AppServer.ExpectPathAsync(page, "/account/login");
        await AppServer.ScreenshotAsync(page, "multinode-signed-out-on-b");
    }

    internal static async Task PostAsync(HttpClient http, AppProcess node, params object[] samples)
    {
        using var response = await http.PostAsJsonAsync(new Uri(node.Address, "/api/v1/metrics"), new { samples });
        response.EnsureSuccessStatusCode();
    }

    private async Task PostAsync(AppProcess node, params object[] samples)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(node.Address, "/api/v1/metrics"), new { samples });
        response.EnsureSuccessStatusCode();
    }

    private async Task<double> SumOfPointsAsync(AppProcess node, string metric, string agg, DateTimeOffset from, DateTimeOffset to, int step)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/metrics/{metric}/series?agg={agg}&step={step}&from={from.UtcDateTime:O}&to={to.UtcDateTime:O}");
        var series = await Http.GetFromJsonAsync<JsonElement>(new Uri(node.Address, url));
        return series.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray())
            .Where(p => p.GetProperty("v").ValueKind == JsonValueKind.Number).Sum(p => p.GetProperty("v").GetDouble());
    }

    internal static async Task<IPage> SignedInPageAsync(IBrowser browser, AppProcess node, string user = "admin", string password = AppServer.AdminPassword)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = node.Address.ToString(), TimezoneId = "Europe/Berlin" });
        var page = await context.NewPageAsync();
        await AppServer.LoginAsync(page, user, password);
        return page;
    }

    private static async Task<bool> WithinAsync(TimeSpan patience, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + patience;
        do
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }
}
