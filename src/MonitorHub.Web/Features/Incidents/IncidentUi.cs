using MonitorHub.Core.Incidents;
using MudBlazor;

namespace MonitorHub.Web.Features.Incidents;

/// <summary>Colours and words shared by the incident pages.</summary>
public static class IncidentUi
{
    public static Color StateColor(IncidentState state) => state switch
    {
        IncidentState.Open => Color.Error,
        IncidentState.Acknowledged => Color.Info,
        _ => Color.Success,
    };

    public static string StateLabel(IncidentState state) => state.ToString().ToLowerInvariant();
}
