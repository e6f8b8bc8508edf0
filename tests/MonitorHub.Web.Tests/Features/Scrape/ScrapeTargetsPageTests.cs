using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Web.Features.Scrape;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Tests.Features.Scrape;

/// <summary>The page over the real store (an app's, with the scraper off), signed in as an editor.</summary>
public sealed class ScrapeTargetsPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly MonitorHubFactory _app = new(new() { ["MonitorHub:Scrape:Enabled"] = "false" });
    private ScrapeTargetStore _store = default!;

    public ValueTask InitializeAsync()
    {
        _ = _app.CreateAdminClient();
        _store = _app.Services.GetRequiredService<ScrapeTargetStore>();
        Services.AddSingleton(_store);
        Services.AddSingleton(_app.Services.GetRequiredService<CatalogueStore>());
        var auth = AddAuthorization();
        auth.SetAuthorized("editor");
        auth.SetRoles("Editor");
        auth.SetPolicies(Policies.Read, Policies.Edit);
        return ValueTask.CompletedTask;
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    private IRenderedComponent<ScrapeTargetsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<ScrapeTargetsPage>();
    }

    [Fact]
    public void NoTargets_ShowsTheEmptyState()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("No scrape targets", page.Find("[data-testid=empty-state]").TextContent));
    }

    [Fact]
    public async Task TargetThatIsDown_IsRed_WithItsLastError()
    {
        var created = await _store.CreateAsync(new ScrapeTargetDraft("triton", "http://triton.invalid/metrics", 15, 5, null, null, null, null, null, true), "test");
        await _store.RecordAsync(created.Value!.Id, new ScrapeStatus(ScrapeHealth.Down, DateTimeOffset.UtcNow, "HTTP 503 Service Unavailable", 0.1, 0));

        var page = RenderPage();

        page.WaitForAssertion(() =>
        {
            var health = page.Find("[data-testid=health-triton]");
            Assert.Contains("down", health.TextContent, StringComparison.Ordinal);
            Assert.Contains("mud-chip-color-error", health.InnerHtml, StringComparison.Ordinal);
            Assert.Contains("HTTP 503", page.Find("[data-testid=error-triton]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Dialog_ShowsTheFieldsMessage_OnEnter_ThenSaves()
    {
        var provider = Render<MudDialogProvider>();
        var page = RenderPage();
        page.WaitForElement("[data-testid=add-target]").Click();
        provider.WaitForAssertion(() => provider.FindComponent<ScrapeTargetDialog>());
        var dialog = provider.FindComponent<ScrapeTargetDialog>();

        dialog.Find("input[data-testid=target-name]").Input("vllm");
        dialog.Find("input[data-testid=target-url]").Input("ftp://vllm.invalid/metrics");
        dialog.Find("[data-testid=target-form]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        dialog.WaitForAssertion(() => Assert.Contains("Must be an absolute http(s) URL", dialog.Markup, StringComparison.Ordinal));
        Assert.Empty(await _store.ListAsync());

        dialog.Find("input[data-testid=target-url]").Input("http://vllm.invalid:8000/metrics");
        dialog.Find("input[data-testid=target-tags]").Input("model=llama, env=prod");
        dialog.Find("[data-testid=target-save]").Click();

        // The page lists the target once it is saved (no blocking store call inside the renderer's wait:
        // on PostgreSQL the store's I/O is truly asynchronous and would deadlock it).
        page.WaitForAssertion(() => Assert.Contains("vllm.invalid:8000", page.Markup, StringComparison.Ordinal));
        var saved = Assert.Single(await _store.ListAsync());
        Assert.Equal("llama", saved.ExtraTags["model"]);
    }
}
