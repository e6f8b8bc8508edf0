using System.Globalization;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>
/// The pages a timeline event links to. The same paths as the web app's <c>Urls</c> (a test holds them
/// equal): the store cannot reference the web layer, and clients of the API get working links too.
/// </summary>
public static class TimelineLinks
{
    public const string Silences = "/silences";
    public const string Channels = "/channels";
    public const string Users = "/admin/users";
    public const string Keys = "/admin/keys";
    public const string ScrapeTargets = "/catalogue/scrape-targets";

    public static string Alarm(long id) => $"/alarms/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Incident(long id) => $"/incidents/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Rule(int id) => $"/rules/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Metric(string key) => $"/metrics/{key}";

    /// <summary>Not escaped: a job name is validated to the metric-key characters, all legal in a path segment.</summary>
    public static string Job(string name) => $"/jobs/{name}";

    public static string Model(string name) => $"/models/{Uri.EscapeDataString(name)}";

    public static string Deployment(long id) => $"/deployments/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Checklist(int systemId) => $"/systems/{systemId.ToString(CultureInfo.InvariantCulture)}/checklist";

    public static string Privacy(string systemId) => $"/systems/{Uri.EscapeDataString(systemId)}/privacy";
}
