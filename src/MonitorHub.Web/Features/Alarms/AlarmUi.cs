using MonitorHub.Core.Alarms;
using MudBlazor;
using Severity = MonitorHub.Core.Alarms.Severity;

namespace MonitorHub.Web.Features.Alarms;

/// <summary>Colours and words shared by the alarm pages.</summary>
public static class AlarmUi
{
    public static Color SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical => Color.Error,
        Severity.Warning => Color.Warning,
        _ => Color.Info,
    };

    public static Color StateColor(AlarmState state) => state switch
    {
        AlarmState.Firing => Color.Error,
        AlarmState.Pending => Color.Warning,
        AlarmState.Acknowledged => Color.Info,
        AlarmState.NoData => Color.Secondary,
        _ => Color.Success,
    };

    public static string Age(TimeSpan age) =>
        age.TotalMinutes < 1 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
        : $"{(int)age.TotalDays} d {age.Hours} h";

    public static string Tags(Core.Metrics.TagSet tags) => tags.Count == 0 ? "all series" : tags.Key;
}
