using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Tests.Features.Metrics;

/// <summary>The metric page's header over an app's real catalogue: the pin button.</summary>
public sealed class MetricHeaderTests : ComponentTestContext, IAsyncLifetime
{
    private readonly MonitorHubFactory _app = new();

    public async ValueTask InitializeAsync()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<CatalogueStore>());
        var auth = AddAuthorization();
        auth.SetAuthorized("editor");
        auth.SetPolicies(Policies.Read, Policies.Edit);
        var admin = _app.CreateAdminClient();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await admin.PostSamplesAsync(new { metric = "header.pin", value = 1.0 })).StatusCode);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pin_StaysPressed_WhenALiveSampleReRendersTheHeader()
    {
        var definition = await _app.Services.GetRequiredService<CatalogueStore>().GetDefinitionAsync("header.pin", Xunit.TestContext.Current.CancellationToken);
        Assert.NotNull(definition);
        Render<MudPopoverProvider>();
        var header = Render<MetricHeader>(p => p.Add(c => c.Definition, definition));
        Assert.Equal("false", header.Find("[data-testid=pin]").GetAttribute("aria-pressed"));

        await header.InvokeAsync(() => header.Find("[data-testid=pin]").Click());
        header.WaitForAssertion(() => Assert.Equal("true", header.Find("[data-testid=pin]").GetAttribute("aria-pressed")), TimeSpan.FromSeconds(10));

        // The page passes the definition it loaded before the click, with each new latest value.
        header.Render(p => p.Add(c => c.Definition, definition).Add(c => c.Latest, new SeriesPoint(DateTimeOffset.UtcNow, 2.0)));
        Assert.Equal("true", header.Find("[data-testid=pin]").GetAttribute("aria-pressed"));
        Assert.True((await _app.Services.GetRequiredService<CatalogueStore>().GetDefinitionAsync("header.pin", Xunit.TestContext.Current.CancellationToken))!.Pinned);
    }
}
