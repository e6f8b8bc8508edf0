using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>
/// The log of a real process at Debug level, through a session that handles every kind of secret
/// MonitorHub knows (the bootstrap token and password, a wrong password, a new key's secret, a
/// channel's signing secret and a Slack URL, which is itself a secret), contains none of them.
/// </summary>
public sealed class LogSecretsTests
{
    [Fact]
    public async Task DebugLog_OfASessionHandlingSecrets_ContainsNone()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-logs", Guid.NewGuid().ToString("N"));
        const string wrongPassword = "wrong-password-a81f0c";
        const string signingSecret = "signing-secret-5d2e9b71";
        const string slackToken = "slack-token-c0ffee42";
        const string webhookToken = "webhook-token-77aa10";
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AppServer.AdminToken);
        // Loopback is allowed as a channel target here so deliveries are attempted (and fail: nothing listens on port 9).
        // Every category at Debug, overriding appsettings.json's quieter framework categories.
        using var app = AppProcess.Start(
            directory, "Debug", "--MonitorHub:Security:AllowedPrivateTargets:0=127.0.0.1", "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Debug", "--Logging:LogLevel:Hangfire=Debug", "--Logging:LogLevel:Microsoft.AspNetCore.DataProtection=Debug");
        try
        {
            await app.WaitHealthyAsync(http);
            var api = new Uri(app.Address, "/api/v1/");

            using var created = await http.PostAsJsonAsync(new Uri(api, "keys"), new { name = "log test", scopes = new[] { "ingest" } }, ct);
            created.EnsureSuccessStatusCode();
            var keySecret = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("secret").GetString()!;
            using (var ingest = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "metrics")))
            {
                ingest.Headers.Add("X-Api-Key", keySecret);
                ingest.Content = JsonContent.Create(new { samples = new[] { new { metric = "logs.latency", value = 12.5 } } });
                using var accepted = await http.SendAsync(ingest, ct);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            using (var wrongKey = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "rules")))
            {
                wrongKey.Headers.Add("Authorization", $"Bearer {keySecret}x");
                using var refused = await new HttpClient().SendAsync(wrongKey, ct);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            foreach (var channel in new object[]
                     {
                         new { name = "hook", kind = "webhook", url = $"http://127.0.0.1:9/hook?token={webhookToken}", secret = signingSecret },
                         new { name = "slack", kind = "slack", url = $"http://127.0.0.1:9/services/T0/B0/{slackToken}", secret = (string?)null },
                     })
            {
                using var saved = await http.PostAsJsonAsync(new Uri(api, "channels"), channel, ct);
                Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
                var id = (await saved.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("channel").GetProperty("id").GetInt32();
                using var test = await http.PostAsync(new Uri(api, $"channels/{id}/test"), null, ct);
                Assert.True(test.IsSuccessStatusCode, $"send test: {(int)test.StatusCode}");
            }

            using (var playwright = await Playwright.CreateAsync())
            await using (var browser = await AppServer.LaunchBrowserAsync(playwright))
            {
                var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = app.Address.ToString() });
                await page.GotoAsync("/account/login");
                await page.Locator("#username").FillAsync("admin");
                await page.Locator("#password").FillAsync(wrongPassword);
                await page.Locator("[data-testid=login-submit]").ClickAsync();
                await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync();
                await AppServer.LoginAsync(page, "admin", AppServer.AdminPassword);
            }

            // Both deliveries fail and are retried, which logs (event 3001): the log saw the channels at work.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (app.Output.Split("[3001]").Length < 3 && DateTime.UtcNow < deadline) await Task.Delay(200, ct);

            var log = app.Output;
            Assert.True(log.Split("[3001]").Length >= 3, "both deliveries should have failed and been logged");
            Assert.Contains("dbug:", log, StringComparison.Ordinal);
            Assert.Contains("Request starting", log, StringComparison.Ordinal);
            foreach (var secret in new[] { AppServer.AdminToken, AppServer.AdminPassword, wrongPassword, keySecret, signingSecret, slackToken, webhookToken })
            {
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the log contains a secret ({secret[..6]}…)");
            }
        }
        finally
        {
            app.KillHard();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
