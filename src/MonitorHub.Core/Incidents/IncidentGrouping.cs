namespace MonitorHub.Core.Incidents;

/// <summary>An alarm as grouping sees it: where in the pipeline it fired and when it opened.</summary>
/// <param name="Open">Not resolved: only open alarms can be an incident's origin while any is open.</param>
public sealed record IncidentAlarm(long AlarmId, int ComponentId, DateTimeOffset StartedAt, bool Open);

/// <summary>
/// Groups alarms into incidents over a system's pipeline DAG. Alarms that open within
/// <c>window</c> of each other on components connected by a path are one incident; its probable origin
/// is the most upstream open alarm (ties: earliest start, then lowest id). Pure and deterministic: the
/// same alarms give the same incidents whatever order they are fed in at the same start times.
/// </summary>
public static class IncidentGrouping
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The incidents (by key) a newly opened alarm belongs to: those holding an alarm on a connected
    /// component that opened within the window of it. More than one means the new alarm links
    /// incidents that were separate until now; the caller merges them.
    /// </summary>
    public static IReadOnlyList<TKey> Matches<TKey>(
        IncidentAlarm alarm, IEnumerable<(TKey Key, IReadOnlyList<IncidentAlarm> Alarms)> incidents, PipelineGraph graph, TimeSpan window) =>
        [.. incidents.Where(i => i.Alarms.Any(other => Related(alarm, other, graph, window))).Select(i => i.Key)];

    private static bool Related(IncidentAlarm a, IncidentAlarm b, PipelineGraph graph, TimeSpan window) =>
        (a.StartedAt - b.StartedAt).Duration() <= window && graph.Connected(a.ComponentId, b.ComponentId);

    /// <summary>
    /// The probable origin: among the open alarms (all of them once everything is resolved), those
    /// with no other such alarm upstream; of those the earliest, then the lowest id.
    /// </summary>
    public static IncidentAlarm Origin(IReadOnlyList<IncidentAlarm> alarms, PipelineGraph graph)
    {
        if (alarms.Count == 0) throw new ArgumentException("An incident has at least one alarm.", nameof(alarms));
        var candidates = alarms.Any(a => a.Open) ? alarms.Where(a => a.Open).ToList() : [.. alarms];
        var components = candidates.Select(a => a.ComponentId).ToHashSet();
        return candidates
            .Where(a => !graph.Ancestors(a.ComponentId).Overlaps(components))
            .OrderBy(a => a.StartedAt).ThenBy(a => a.AlarmId)
            .First();
    }

    /// <summary>An alarm is probably caused upstream when another alarm of its incident fired on a component feeding it.</summary>
    public static bool CausedUpstream(IncidentAlarm alarm, IReadOnlyList<IncidentAlarm> incident, PipelineGraph graph) =>
        incident.Any(other => other.AlarmId != alarm.AlarmId && graph.IsUpstreamOf(other.ComponentId, alarm.ComponentId));

    /// <summary>
    /// Groups a batch of alarms of one system, feeding them in opening order (then id) through
    /// <see cref="Matches{TKey}"/> as live grouping does. Incidents are listed in the order they opened.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IncidentAlarm>> Group(IEnumerable<IncidentAlarm> alarms, PipelineGraph graph, TimeSpan window)
    {
        var incidents = new List<(int Key, List<IncidentAlarm> Alarms)>();
        var nextKey = 0;
        foreach (var alarm in alarms.Where(a => graph.Contains(a.ComponentId)).OrderBy(a => a.StartedAt).ThenBy(a => a.AlarmId))
        {
            var matches = Matches(alarm, incidents.Select(i => (i.Key, (IReadOnlyList<IncidentAlarm>)i.Alarms)), graph, window);
            if (matches.Count == 0)
            {
                incidents.Add((nextKey++, [alarm]));
                continue;
            }

            // The earliest incident absorbs the others: its identity is the one people already saw.
            var target = incidents.First(i => i.Key == matches[0]);
            foreach (var other in incidents.Where(i => matches.Skip(1).Contains(i.Key)).ToList())
            {
                target.Alarms.AddRange(other.Alarms);
                incidents.Remove(other);
            }

            target.Alarms.Add(alarm);
        }

        return [.. incidents.Select(i => (IReadOnlyList<IncidentAlarm>)[.. i.Alarms.OrderBy(a => a.StartedAt).ThenBy(a => a.AlarmId)])];
    }
}
