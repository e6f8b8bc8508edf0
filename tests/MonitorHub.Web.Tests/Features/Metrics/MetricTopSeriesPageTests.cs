using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Deployments;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Tests.Features.Metrics;

/// <summary>The metric page over an app's real store: a metric with more than ten series draws its top ten
/// until "show all" is switched on. Plotly's module is faked and the traces it is sent are counted.</summary>
public sealed class MetricTopSeriesPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly MonitorHubFactory _app = new();
    private BunitJSModuleInterop _plotly = default!;

    public async ValueTask InitializeAsync()
    {
        var admin = _app.CreateAdminClient();
        foreach (var service in new[] { typeof(CatalogueStore), typeof(SeriesQueryService), typeof(LiveFeed), typeof(DetectorService), typeof(DeploymentMarkers), typeof(MonitorHub.Web.Features.Timeline.ChartEvents) })
            Services.AddSingleton(service, _app.Services.GetRequiredService(service));
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer");
        auth.SetPolicies(Policies.Read);
        _plotly = JSInterop.SetupModule("./_content/Plotly.Blazor/plotly-interop-7.2.0.js");
        _plotly.Mode = JSRuntimeMode.Loose;

        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, 12).SelectMany(host => Enumerable.Range(1, 5).Select(i =>
            (object)new { metric = "page.hosts", value = host * 10.0 + i, timestamp = now.AddMinutes(-5 * i), tags = new { host = $"h{host:D2}" } }));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await admin.PostSamplesAsync([.. samples])).StatusCode);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Trace names of the newest full redraw Plotly was sent.</summary>
    private List<string> DrawnTraces()
    {
        var sent = JsonSerializer.Serialize(_plotly.Invocations["react"].Last().Arguments);
        using var json = JsonDocument.Parse(sent);
        var data = json.RootElement.EnumerateArray().First(a => a.ValueKind == JsonValueKind.Array);
        return [.. data.EnumerateArray().Select(t => (t.TryGetProperty("name", out var n) ? n : t.GetProperty("Name")).GetString()!)];
    }

    [Fact]
    public async Task ManySeries_DrawTheTopTen_AndShowAllDrawsEveryOne()
    {
        Render<MudPopoverProvider>();
        var page = Render<MetricDetail>(p => p.Add(c => c.Key, "page.hosts"));
        await page.InvokeAsync(() => Services.GetRequiredService<BrowserTimeProvider>().SetBrowserTimeZone("UTC"));

        page.WaitForAssertion(() => Assert.Equal("top 10 of 12 series by mean", page.Find("[data-testid=top-note]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var top = DrawnTraces();
        Assert.Equal([.. Enumerable.Range(2, 10).Reverse().Select(h => $"host=h{h:D2}")], top);

        await page.InvokeAsync(() => page.Find("[data-testid=show-all-series] input, input[data-testid=show-all-series]").Change(true));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=top-note]")), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Equal(12, DrawnTraces().Count), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task FewSeries_HaveNoShowAllSwitch()
    {
        var admin = _app.CreateAdminClient();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await admin.PostSamplesAsync(new { metric = "page.few", value = 1.0, tags = new { host = "a" } })).StatusCode);
        Render<MudPopoverProvider>();
        var page = Render<MetricDetail>(p => p.Add(c => c.Key, "page.few"));
        await page.InvokeAsync(() => Services.GetRequiredService<BrowserTimeProvider>().SetBrowserTimeZone("UTC"));

        page.WaitForAssertion(() => Assert.Single(DrawnTraces()), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=show-all-series]"));
    }
}
