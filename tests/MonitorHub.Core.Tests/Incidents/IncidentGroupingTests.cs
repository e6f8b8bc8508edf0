using MonitorHub.Core.Alarms;
using MonitorHub.Core.Incidents;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Incidents;

public sealed class IncidentGroupingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = IncidentGrouping.DefaultWindow;

    // 1 → 2 → 3 → 4: VAD → ASR → NLU → Search.
    private static readonly PipelineGraph Chain = Graph([1, 2, 3, 4], (1, 2), (2, 3), (3, 4));

    // 1 → 2, 1 → 3, 2 → 4, 3 → 4.
    private static readonly PipelineGraph Diamond = Graph([1, 2, 3, 4], (1, 2), (1, 3), (2, 4), (3, 4));

    private static PipelineGraph Graph(int[] components, params (int From, int To)[] edges) =>
        new(components, edges.Select(e => new ComponentEdge(e.From, e.To)));

    private static IncidentAlarm Alarm(long id, int component, double minutes, bool open = true) =>
        new(id, component, T0.AddMinutes(minutes), open);

    [Fact]
    public void Chain_AlarmsWithinTheWindow_AreOneIncident_WithTheMostUpstreamAsOrigin()
    {
        var alarms = new[] { Alarm(1, 2, 0), Alarm(2, 3, 1), Alarm(3, 4, 2) };
        var incident = Assert.Single(IncidentGrouping.Group(alarms, Chain, Window));
        Assert.Equal([1L, 2L, 3L], incident.Select(a => a.AlarmId));
        Assert.Equal(1, IncidentGrouping.Origin(incident, Chain).AlarmId);
        Assert.False(IncidentGrouping.CausedUpstream(incident[0], incident, Chain));
        Assert.True(IncidentGrouping.CausedUpstream(incident[2], incident, Chain));
    }

    [Fact]
    public void Chain_AlarmOutsideTheWindow_StartsAnotherIncident()
    {
        var alarms = new[] { Alarm(1, 1, 0), Alarm(2, 2, 10.5) };
        Assert.Equal(2, IncidentGrouping.Group(alarms, Chain, Window).Count);
        Assert.Single(IncidentGrouping.Group(alarms, Chain, TimeSpan.FromMinutes(11)));
    }

    [Fact]
    public void Diamond_TheTwoBranches_JoinThroughTheSource()
    {
        // Branches 2 and 3 are not connected to each other; the source connects them.
        var branches = new[] { Alarm(1, 2, 0), Alarm(2, 3, 1) };
        Assert.Equal(2, IncidentGrouping.Group(branches, Diamond, Window).Count);

        var withSource = new[] { Alarm(1, 2, 0), Alarm(2, 3, 1), Alarm(3, 1, 2), Alarm(4, 4, 3) };
        var incident = Assert.Single(IncidentGrouping.Group(withSource, Diamond, Window));
        Assert.Equal(3, IncidentGrouping.Origin(incident, Diamond).AlarmId);
        Assert.Equal([1L, 2L, 4L], incident.Where(a => IncidentGrouping.CausedUpstream(a, incident, Diamond)).Select(a => a.AlarmId).Order());
    }

    [Fact]
    public void Diamond_SinkAndOneBranch_OriginIsTheBranch_AndThePathRunsThroughItOnly()
    {
        var incident = Assert.Single(IncidentGrouping.Group([Alarm(1, 4, 0), Alarm(2, 2, 1)], Diamond, Window));
        var origin = IncidentGrouping.Origin(incident, Diamond);
        Assert.Equal(2, origin.AlarmId);
        Assert.Equal([2, 4], Diamond.PathsBetween(origin.ComponentId, incident.Select(a => a.ComponentId)).Order());
        Assert.Equal([1, 2, 3, 4], Diamond.PathsBetween(1, [4]).Order());
    }

    [Fact]
    public void IndependentComponents_GiveSeparateIncidents()
    {
        // Two systems' worth of components in one graph: 1 → 2 and 5 → 6 share nothing.
        var graph = Graph([1, 2, 5, 6], (1, 2), (5, 6));
        var incidents = IncidentGrouping.Group([Alarm(1, 1, 0), Alarm(2, 5, 0.5), Alarm(3, 2, 1), Alarm(4, 6, 1.5)], graph, Window);
        Assert.Equal(2, incidents.Count);
        Assert.Equal([1L, 3L], incidents[0].Select(a => a.AlarmId));
        Assert.Equal([2L, 4L], incidents[1].Select(a => a.AlarmId));
    }

    [Fact]
    public void LateUpstreamAlarm_JoinsTheIncident_AndBecomesItsOrigin()
    {
        var early = new[] { Alarm(1, 3, 0), Alarm(2, 4, 1) };
        var before = Assert.Single(IncidentGrouping.Group(early, Chain, Window));
        Assert.Equal(1, IncidentGrouping.Origin(before, Chain).AlarmId);

        var late = Alarm(3, 1, 6);
        Assert.Equal(["A"], IncidentGrouping.Matches(late, [("A", before)], Chain, Window));
        var after = Assert.Single(IncidentGrouping.Group([.. early, late], Chain, Window));
        Assert.Equal(3, IncidentGrouping.Origin(after, Chain).AlarmId);
        Assert.True(IncidentGrouping.CausedUpstream(after.Single(a => a.AlarmId == 1), after, Chain));
    }

    [Fact]
    public void Alarm_LinkingTwoIncidents_MatchesBoth()
    {
        var left = (IReadOnlyList<IncidentAlarm>)[Alarm(1, 2, 0)];
        var right = (IReadOnlyList<IncidentAlarm>)[Alarm(2, 3, 0)];
        Assert.Equal([7, 8], IncidentGrouping.Matches(Alarm(3, 1, 1), [(7, left), (8, right)], Diamond, Window));
    }

    [Fact]
    public void Origin_PrefersOpenAlarms_ThenTheEarliestOfEquallyUpstream()
    {
        var graph = Graph([1, 2, 3], (1, 3), (2, 3));
        Assert.Equal(2, IncidentGrouping.Origin([Alarm(1, 1, 0, open: false), Alarm(2, 2, 1), Alarm(3, 3, 2)], graph).AlarmId);
        Assert.Equal(5, IncidentGrouping.Origin([Alarm(4, 1, 2), Alarm(5, 2, 1), Alarm(6, 3, 0)], graph).AlarmId);
        Assert.Equal(5, IncidentGrouping.Origin([Alarm(4, 1, 2, open: false), Alarm(5, 2, 1, open: false)], graph).AlarmId);
    }

    [Fact]
    public void Group_IsIndependentOfInputOrder()
    {
        var alarms = new[] { Alarm(1, 2, 0), Alarm(2, 3, 1), Alarm(3, 1, 2), Alarm(4, 4, 3), Alarm(5, 4, 30) };
        var forward = IncidentGrouping.Group(alarms, Diamond, Window);
        var backward = IncidentGrouping.Group(alarms.Reverse(), Diamond, Window);
        Assert.Equal(forward.Select(i => i.Select(a => a.AlarmId).ToList()), backward.Select(i => i.Select(a => a.AlarmId).ToList()));
    }

    [Theory]
    [InlineData(AlarmState.Firing, AlarmState.Acknowledged, IncidentState.Open)]
    [InlineData(AlarmState.Acknowledged, AlarmState.Resolved, IncidentState.Acknowledged)]
    [InlineData(AlarmState.Resolved, AlarmState.Resolved, IncidentState.Resolved)]
    public void State_FollowsItsAlarms(AlarmState a, AlarmState b, IncidentState expected) =>
        Assert.Equal(expected, IncidentStates.Of([a, b]));

    [Theory]
    [InlineData(Severity.Warning, null, true)]
    [InlineData(Severity.Info, null, true)]
    [InlineData(Severity.Critical, null, false)]
    [InlineData(Severity.Critical, true, true)]
    [InlineData(Severity.Warning, false, false)]
    public void Inhibition_DefaultsBySeverity(Severity severity, bool? setting, bool expected) =>
        Assert.Equal(expected, IncidentStates.Inhibits(new AlarmRule { Severity = severity, InhibitWhenUpstreamFiring = setting }));
}
