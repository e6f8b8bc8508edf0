namespace MonitorHub.Web.Components;

/// <summary>
/// Every page address the UI links or navigates to, in one place (the <c>@page</c> directives must
/// stay literals). Free-form names are escaped here, so a model name with a reserved character
/// still makes a working link.
/// </summary>
public static class Urls
{
    public const string Home = "/";
    public const string Catalogue = "/catalogue";
    public const string ScrapeTargets = "/catalogue/scrape-targets";
    public const string Pipelines = "/pipelines";
    public const string Models = "/models";
    public const string Deployments = "/deployments";
    public const string DriftCheck = "/drift/check";
    public const string FailureModes = "/failure-modes";
    public const string Coverage = "/coverage";
    public const string Alarms = "/alarms";
    public const string Rules = "/rules";
    public const string NewRuleBlank = "/rules/new";
    public const string Silences = "/silences";
    public const string Channels = "/channels";
    public const string OnCallReport = "/reports/oncall";
    public const string Audit = "/audit";
    public const string History = "/history";
    public const string Users = "/admin/users";
    public const string Keys = "/admin/keys";
    public const string Backups = "/admin/backups";
    public const string Jobs = "/hangfire";
    public const string BatchJobs = "/jobs";
    public const string ChangePassword = "/account/password";

    /// <summary>Not escaped: a metric key is validated to [a-z0-9_.:-], all legal in a path segment.</summary>
    public static string Metric(string key) => $"/metrics/{key}";

    /// <summary>Not escaped: a job name is validated to the metric-key characters.</summary>
    public static string BatchJob(string name) => $"/jobs/{name}";

    public static string Pipeline(int systemId) => $"/pipelines/{systemId}";

    public static string Checklist(int systemId) => $"/systems/{systemId}/checklist";

    public static string Privacy(int systemId) => $"/systems/{systemId}/privacy";

    public static string Model(string name) => $"/models/{Uri.EscapeDataString(name)}";

    public static string Deployment(long id) => $"/deployments/{id}";

    public static string Alarm(long id) => $"/alarms/{id}";

    public static string Rule(int id) => $"/rules/{id}";

    public const string Incidents = "/incidents";

    public static string Incident(long id) => $"/incidents/{id}";

    /// <summary>The rule's editor with the threshold suggestions (and their backtests) open.</summary>
    public static string RuleSuggestions(int id) => $"/rules/{id}?suggest=true";

    /// <summary>A new rule on <paramref name="metric"/>, linked to a failure mode when one is given.</summary>
    public static string NewRule(string metric, int? failureMode = null) =>
        $"/rules/new?metric={Uri.EscapeDataString(metric)}" + (failureMode is { } id ? $"&failureMode={id}" : "");
}
