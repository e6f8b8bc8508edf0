using MudBlazor;

namespace MonitorHub.Web.Features.Timeline;

/// <summary>How a kind of event looks wherever events are listed (the history page, the alarm's "what changed" panel).</summary>
public static class EventUi
{
    public static string Icon(string kind) => kind switch
    {
        MonitorHub.Core.Timeline.TimelineKinds.Alarm => Icons.Material.Filled.NotificationsActive,
        MonitorHub.Core.Timeline.TimelineKinds.Notification => Icons.Material.Filled.Send,
        MonitorHub.Core.Timeline.TimelineKinds.Silence => Icons.Material.Filled.NotificationsOff,
        MonitorHub.Core.Timeline.TimelineKinds.Rule => Icons.Material.Filled.Rule,
        MonitorHub.Core.Timeline.TimelineKinds.Metric => Icons.Material.Filled.ListAlt,
        MonitorHub.Core.Timeline.TimelineKinds.Deployment => Icons.Material.Filled.RocketLaunch,
        MonitorHub.Core.Timeline.TimelineKinds.Automation => Icons.Material.Filled.SmartToy,
        MonitorHub.Core.Timeline.TimelineKinds.Drift => Icons.Material.Filled.CompareArrows,
        MonitorHub.Core.Timeline.TimelineKinds.Detector => Icons.Material.Filled.Sensors,
        MonitorHub.Core.Timeline.TimelineKinds.Incident => Icons.Material.Filled.AccountTree,
        MonitorHub.Core.Timeline.TimelineKinds.Job => Icons.Material.Filled.Schedule,
        MonitorHub.Core.Timeline.TimelineKinds.Scrape => Icons.Material.Filled.CloudSync,
        _ => Icons.Material.Filled.VpnKey,
    };

    public static Color Color(string kind) => kind switch
    {
        MonitorHub.Core.Timeline.TimelineKinds.Alarm or MonitorHub.Core.Timeline.TimelineKinds.Incident => MudBlazor.Color.Error,
        MonitorHub.Core.Timeline.TimelineKinds.Deployment => MudBlazor.Color.Primary,
        MonitorHub.Core.Timeline.TimelineKinds.Rule or MonitorHub.Core.Timeline.TimelineKinds.Metric => MudBlazor.Color.Info,
        MonitorHub.Core.Timeline.TimelineKinds.Drift or MonitorHub.Core.Timeline.TimelineKinds.Detector => MudBlazor.Color.Warning,
        MonitorHub.Core.Timeline.TimelineKinds.Silence or MonitorHub.Core.Timeline.TimelineKinds.Automation => MudBlazor.Color.Secondary,
        MonitorHub.Core.Timeline.TimelineKinds.Job or MonitorHub.Core.Timeline.TimelineKinds.Scrape => MudBlazor.Color.Tertiary,
        _ => MudBlazor.Color.Default,
    };

    public static string Label(string kind) => kind switch
    {
        MonitorHub.Core.Timeline.TimelineKinds.Rule => "rule change",
        MonitorHub.Core.Timeline.TimelineKinds.Metric => "metric change",
        MonitorHub.Core.Timeline.TimelineKinds.Access => "access & privacy",
        MonitorHub.Core.Timeline.TimelineKinds.Job => "job run",
        MonitorHub.Core.Timeline.TimelineKinds.Scrape => "scrape target",
        _ => kind,
    };
}
