using System.Net.Http.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class SecurityFlowTests(AppServer app) : IClassFixture<AppServer>
{
    private async Task CreateUserAsync(string user, string password, string role)
    {
        using var response = await app.Http.PostAsJsonAsync("/api/v1/users", new { userName = user, password, role });
        if (response.StatusCode != System.Net.HttpStatusCode.Created && response.StatusCode != System.Net.HttpStatusCode.BadRequest)
            response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SignedOut_VisitorIsSentToTheLoginPage_AndWrongPasswordsAreExplained()
    {
        var page = await app.NewPageAsync(user: null);
        await page.GotoAsync("/catalogue");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync("not-the-password-1");
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Wrong user name or password.");
        await AppServer.ScreenshotAsync(page, "login");
    }

    [Fact]
    public async Task Viewer_SeesTheDashboard_ButNoEditButtonsOrAdminPages()
    {
        await CreateUserAsync("vera", "viewer-password-1", "Viewer");
        await app.Http.PostSamplesAsync(new { metric = "sec.viewer_metric", value = 3 });
        var page = await app.NewPageAsync(user: "vera", password: "viewer-password-1");
        await AppServer.GotoAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=current-role]")).ToHaveTextAsync("Viewer");
        await Assertions.Expect(page.Locator("[data-testid='card-sec.viewer_metric']")).ToBeVisibleAsync();

        await AppServer.GotoAsync(page, "/catalogue");
        await Assertions.Expect(page.GetByText("sec.viewer_metric").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid^='edit-']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Administration")).ToHaveCountAsync(0);
        await AppServer.ScreenshotAsync(page, "catalogue-viewer");

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.GetByText("Not allowed")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Editor_EditsADefinition_AndFindsTheChangeInTheAuditLog()
    {
        await CreateUserAsync("eddie", "editor-password-1", "Editor");
        await app.Http.PostSamplesAsync(new { metric = "sec.edited_metric", value = 3 });
        var page = await app.NewPageAsync(user: "eddie", password: "editor-password-1");
        await AppServer.GotoAsync(page, "/catalogue");
        await page.Locator("[data-testid='edit-sec.edited_metric']").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=field-displayName]").FillAsync("Edited by Eddie");
        await dialog.Locator("input[data-testid=field-reason]").FillAsync("Clearer name");
        await dialog.Locator("input[data-testid=field-reason]").PressAsync("Tab");
        await dialog.Locator("[data-testid=save]").ClickAsync();
        await Assertions.Expect(page.GetByText("Saved sec.edited_metric.")).ToBeVisibleAsync();

        await AppServer.GotoAsync(page, "/audit");
        var row = page.Locator("[data-testid=audit-grid] tr", new() { HasText = "sec.edited_metric" });
        await Assertions.Expect(row).ToContainTextAsync("eddie");
        await Assertions.Expect(row).ToContainTextAsync("update");
        await row.Locator("button").First.ClickAsync();
        await Assertions.Expect(page.GetByText("\"displayName\": \"Edited by Eddie\"")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "audit");

        await page.Locator("[data-testid=logout]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/audit");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Admin_CreatesAKey_SeesTheSecretOnce_AndManagesUsersAndPrivacy()
    {
        var systemId = await app.Http.CreateSystemAsync("Privacy system", "Intake");
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };

        await AppServer.GotoAsync(page, "/admin/keys");
        await page.Locator("input[data-testid=key-name]").FillAsync("batch scorer");
        await page.Locator("[data-testid=create-key]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=new-secret]")).ToContainTextAsync("mhk_");
        await AppServer.ScreenshotAsync(page, "api-keys");

        await AppServer.GotoAsync(page, "/admin/users");
        await page.Locator("input[data-testid=new-username]").FillAsync("olga");
        await page.Locator("input[data-testid=new-password]").FillAsync("oncall-password-1");
        await page.Locator("[data-testid=create-user]").ClickAsync();
        await Assertions.Expect(page.GetByText("Created olga (Viewer).")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "users");

        await AppServer.GotoAsync(page, $"/systems/{systemId}/privacy");
        await page.Locator("[data-testid=add-field]").ClickAsync();
        await page.Locator("input[data-testid=field-name-0]").FillAsync("patient_id");
        await page.Locator("[data-testid=save-fields]").ClickAsync();
        await Assertions.Expect(page.GetByText("Privacy settings saved.")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "privacy");
        var fields = await app.Http.GetStringAsync($"/api/v1/systems/{systemId}/sensitive-fields");
        Assert.Contains("patient_id", fields, StringComparison.Ordinal);

        // The pages above, and a chart, ran under the strict Content-Security-Policy without a violation.
        await app.Http.PostSamplesAsync(new { metric = "sec.csp_metric", value = 1 });
        await AppServer.GotoAsync(page, "/metrics/sec.csp_metric");
        await page.Locator("#chart-sec-csp_metric .main-svg").First.WaitForAsync();
        Assert.Empty(violations);
    }
}

public sealed class BackupFlowTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Admin_BacksUpTheDatabase_FromTheBackupsPage()
    {
        await app.Http.PostSamplesAsync(new { metric = "e2e.backup_metric", value = 1 });
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/admin/backups");
        await Assertions.Expect(page.GetByText("No backups yet")).ToBeVisibleAsync();
        await AppServer.ScreenshotAsync(page, "backups-empty");

        await page.Locator("[data-testid=create-backup]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=backups] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("Backed up to monitorhub-")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=create-backup]")).ToBeEnabledAsync();
        await AppServer.ScreenshotAsync(page, "backups");
    }
}

/// <summary>A server that re-checks signed-in users every 2 s instead of every minute.</summary>
public sealed class RevalidatingServer : IAsyncLifetime
{
    public AppServer App { get; } = new(new() { ["MonitorHub:Security:RevalidateSeconds"] = "2" });

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class OpenTabRevalidationTests(RevalidatingServer server) : IClassFixture<RevalidatingServer>
{
    [Fact]
    public async Task DisablingAUser_SendsTheirOpenTabToSignIn_WithoutAReload()
    {
        using (var created = await server.App.Http.PostAsJsonAsync("/api/v1/users", new { userName = "tab-user", password = "tab-password-1", role = "Editor" }))
            created.EnsureSuccessStatusCode();
        var tab = await server.App.NewPageAsync(user: "tab-user", password: "tab-password-1");
        await AppServer.GotoAsync(tab, "/catalogue");
        await Assertions.Expect(tab.Locator("[data-testid=current-role]")).ToHaveTextAsync("Editor");

        // An admin, in another browser, disables the user.
        var admin = await server.App.NewPageAsync();
        await AppServer.GotoAsync(admin, "/admin/users");
        await admin.Locator("[data-testid='toggle-tab-user']").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=users-grid] tr", new() { HasText = "tab-user" })).ToContainTextAsync("disabled");

        // The open tab re-checks its user and leaves for the sign-in page by itself.
        await Assertions.Expect(tab).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 15_000 });
        await AppServer.GotoAsync(admin, "/admin/users");
        await AppServer.ScreenshotAsync(admin, "users-disabled");
    }
}
