using MonitorHub.Infrastructure.Timeline;
using MonitorHub.Web.Components;

namespace MonitorHub.Web.Tests.Features.Timeline;

/// <summary>The store builds event links without the web layer; they must be the pages' own addresses.</summary>
public sealed class TimelineLinksTests
{
    [Fact]
    public void EveryTimelineLink_IsThePagesUrl()
    {
        Assert.Equal(Urls.Alarm(42), TimelineLinks.Alarm(42));
        Assert.Equal(Urls.Rule(7), TimelineLinks.Rule(7));
        Assert.Equal(Urls.Incident(5), TimelineLinks.Incident(5));
        Assert.Equal(Urls.Metric("asr.wer"), TimelineLinks.Metric("asr.wer"));
        Assert.Equal(Urls.Model("asr v2/β"), TimelineLinks.Model("asr v2/β"));
        Assert.Equal(Urls.Deployment(9), TimelineLinks.Deployment(9));
        Assert.Equal(Urls.Checklist(3), TimelineLinks.Checklist(3));
        Assert.Equal(Urls.Privacy(3), TimelineLinks.Privacy("3"));
        Assert.Equal(Urls.Silences, TimelineLinks.Silences);
        Assert.Equal(Urls.Channels, TimelineLinks.Channels);
        Assert.Equal(Urls.Users, TimelineLinks.Users);
        Assert.Equal(Urls.Keys, TimelineLinks.Keys);
        Assert.Equal(Urls.ScrapeTargets, TimelineLinks.ScrapeTargets);
        Assert.Equal(Urls.BatchJob("feature-extraction"), TimelineLinks.Job("feature-extraction"));
    }
}
