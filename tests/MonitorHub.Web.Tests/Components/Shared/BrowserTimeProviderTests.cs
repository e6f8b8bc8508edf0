using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using MonitorHub.Core.Metrics;
using MonitorHub.Web.Components.Shared;

namespace MonitorHub.Web.Tests.Components.Shared;

public sealed class BrowserTimeProviderTests : ComponentTestContext
{
    private static readonly MetricDefinition Latency = new("asr.latency_ms", "Latency", MetricCategory.Software, "ms", "", null, null, "asr");
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 30, 5, TimeSpan.Zero);

    [Fact]
    public void Times_AreShownInTheBrowserZone_OnceItIsKnown()
    {
        var answer = JSInterop.Setup<string?>("monitorhub.timeZone");
        var time = Services.GetRequiredService<BrowserTimeProvider>();
        var card = Render<MetricCard>(p => p.Add(c => c.Definition, Latency).Add(c => c.Latest, new SeriesPoint(At, 1.0)));
        Render<BrowserTimeZone>();

        Assert.False(time.IsKnown);
        Assert.Contains("updated 09:30:05", card.Markup);

        answer.SetResult("Asia/Tokyo");

        card.WaitForAssertion(() => Assert.Contains("updated 18:30:05", card.Markup));
        Assert.True(time.WhenKnown.IsCompletedSuccessfully);
        Assert.Equal("Asia/Tokyo", time.LocalTimeZone.Id);
        Assert.Equal("Asia/Tokyo", time.DisplayName);
    }

    [Fact]
    public void TheBrowserIsAskedOncePerCircuit_AndABrowserWithoutZonesMeansUtc()
    {
        JSInterop.Setup<string?>("monitorhub.timeZone").SetException(new JSException("Intl is missing"));
        var time = Services.GetRequiredService<BrowserTimeProvider>();

        Render<BrowserTimeZone>();
        Render<BrowserTimeZone>();

        Assert.True(time.IsKnown);
        Assert.Equal("UTC", time.DisplayName);
        Assert.Single(JSInterop.Invocations["monitorhub.timeZone"]);
        time.SetBrowserTimeZone("Europe/Berlin");
        Assert.Equal("UTC", time.DisplayName);
    }

    [Fact]
    public void TheClockIsTheApps_AndLocalTimesRoundTrip()
    {
        var clock = new FakeTimeProvider(At);
        var time = new BrowserTimeProvider(clock);
        time.SetBrowserTimeZone("Europe/Berlin");

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(At.AddMinutes(5), time.GetUtcNow());
        Assert.Equal("2026-11-26 10:35:05", time.Format(time.GetUtcNow()));
        Assert.Equal(At, time.FromLocal(time.ToLocal(At)));
        Assert.Equal("2026-11-26 10:30:05.000", time.PlotX(At));
    }
}
