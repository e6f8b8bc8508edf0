using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

/// <summary>MonitorHub on a real Kestrel port plus one headless Debian Chromium, shared by a test class.</summary>
public sealed class AppServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitorhub-e2e", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _settings;
    private Factory? _factory;

    public AppServer() : this([])
    {
    }

    /// <param name="withBrowser">False for tests that talk HTTP only (no Chromium started).</param>
    internal AppServer(Dictionary<string, string> settings, bool withBrowser = true)
    {
        _settings = settings;
        _withBrowser = withBrowser;
    }

    private readonly bool _withBrowser;
    private IPlaywright? _playwright;

    public const string AdminToken = "e2e-admin-token-0123456789";
    public const string AdminPassword = "e2e-admin-password-1";

    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Http { get; private set; } = default!;

    /// <summary>The host's services, for a test that drives a job itself (a controller tick) instead of waiting for its schedule.</summary>
    public IServiceProvider Services => _factory!.Services;

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("MONITORHUB_SCREENSHOTS")
                ?? Path.Combine(RepoRoot(), "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async ValueTask InitializeAsync()
    {
        _factory = new Factory(_directory, _settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminToken);

        if (!_withBrowser) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchBrowserAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium (Playwright's own browser download is neither needed nor possible here).</summary>
    public static Task<IBrowser> LaunchBrowserAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    });

    /// <summary>A fresh browser context signed in as <paramref name="user"/> (null: not signed in).</summary>
    public async Task<IPage> NewPageAsync(string timeZone = "Europe/Berlin", bool dark = false, string? user = "admin", string password = AdminPassword)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            TimezoneId = timeZone,
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        if (user is not null) await LoginAsync(page, user, password);
        return page;
    }

    public static async Task LoginAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        try
        {
            await page.Locator("body[data-interactive=true]").WaitForAsync(new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync(page, "login-failed");
            throw new InvalidOperationException($"Sign-in as {user} did not reach the dashboard; page is {page.Url}: {await page.Locator("body").InnerTextAsync()}");
        }
    }

    /// <summary>Navigates and waits until the Blazor circuit is interactive.</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("body[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Waits until the address matches <paramref name="pathPattern"/> after an in-app navigation.
    /// The app navigates in the page (history.pushState), not by loading a document, so this polls the
    /// URL; Playwright's WaitForURL also waits for a load event and, when the push came right after the
    /// click, waited 30 s for one that never came (CI flakes in three flows).</summary>
    public static Task ExpectPathAsync(IPage page, string pathPattern) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(pathPattern));

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // A scrolled page would show the fixed app bar in the middle of a full-page capture.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MonitorHub.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("MonitorHub.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class Factory(string directory, Dictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("MonitorHub:DataDirectory", directory);
            builder.UseSetting("MonitorHub:Jobs:Storage", "InMemory");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("MonitorHub:Bootstrap:AdminToken", AdminToken);
            builder.UseSetting("MonitorHub:Bootstrap:AdminPassword", AdminPassword);
            // Test receivers listen on loopback, which channels may reach only when listed.
            builder.UseSetting("MonitorHub:Security:AllowedPrivateTargets:0", "127.0.0.1");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
