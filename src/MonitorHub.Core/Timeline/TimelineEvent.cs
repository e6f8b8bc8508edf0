namespace MonitorHub.Core.Timeline;

/// <summary>
/// One thing that happened, in the one shape every source is read into. <see cref="Id"/> is the row's
/// id within its source (one source per <see cref="Kind"/>), so (time, kind, id) identifies an event
/// and orders ties: the keyset a cursor resumes from.
/// </summary>
public sealed record TimelineEvent(DateTimeOffset Time, string Kind, long Id, string Subject, string Actor, string Summary, string Link);

/// <summary>The kinds of event the timeline merges; each is read from one stored source.</summary>
public static class TimelineKinds
{
    /// <summary>Alarm transitions, acknowledgements and resolutions with their comments.</summary>
    public const string Alarm = "alarm";
    public const string Notification = "notification";
    public const string Silence = "silence";

    /// <summary>A rule version (created, edited, rolled back) with its reason.</summary>
    public const string Rule = "rule";

    /// <summary>A metric-definition version with its reason.</summary>
    public const string Metric = "metric";
    public const string Deployment = "deployment";
    public const string Automation = "automation";

    /// <summary>A drift monitor's verdict changed (drift found, or gone again).</summary>
    public const string Drift = "drift";
    public const string Detector = "detector";

    /// <summary>Users, API keys and privacy (redaction) settings changed, from the audit log.</summary>
    public const string Access = "access";

    /// <summary>An incident opened, gained an alarm or a new probable origin, was acknowledged or resolved.</summary>
    public const string Incident = "incident";

    /// <summary>A batch job's run: started, succeeded or failed.</summary>
    public const string Job = "job";

    /// <summary>A scrape target went down (with the scrape's error) or came back up.</summary>
    public const string Scrape = "scrape";

    public static readonly IReadOnlyList<string> All = [Alarm, Notification, Silence, Rule, Metric, Deployment, Automation, Drift, Detector, Access, Incident, Job, Scrape];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}

/// <summary>
/// The timeline's one order: newest first; at the same millisecond by kind, then by id, both descending
/// (ordinal, so the order never depends on culture). Every source reads in this order and the merge
/// keeps it, so a page ends at a well-defined key.
/// </summary>
public sealed class TimelineOrder : IComparer<TimelineEvent>
{
    public static readonly TimelineOrder Instance = new();

    public int Compare(TimelineEvent? x, TimelineEvent? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        return Compare(x.Time.ToUnixTimeMilliseconds(), x.Kind, x.Id, y.Time.ToUnixTimeMilliseconds(), y.Kind, y.Id);
    }

    /// <summary>Negative when (timeA, kindA, idA) comes first, i.e. is newer.</summary>
    public static int Compare(long timeA, string kindA, long idA, long timeB, string kindB, long idB)
    {
        var byTime = timeB.CompareTo(timeA);
        if (byTime != 0) return byTime;
        var byKind = string.CompareOrdinal(kindB, kindA);
        return byKind != 0 ? byKind : idB.CompareTo(idA);
    }
}
