namespace MonitorHub.Web.Components.Shared;

/// <summary>
/// The browser's time zone arrives after a circuit's first render, often after a page has loaded its
/// data and drawn its times in UTC. The layout cascades the zone's name under <see cref="CascadeName"/>;
/// a component that formats times with <see cref="BrowserTimeProvider"/> takes it as a cascading
/// parameter and is rendered again, in the right zone, when it changes. (A component that recomputes
/// from the zone, such as grouping by local hour, subscribes to <see cref="BrowserTimeProvider.Changed"/>.)
/// </summary>
public static class BrowserZone
{
    public const string CascadeName = "BrowserZone";
}
