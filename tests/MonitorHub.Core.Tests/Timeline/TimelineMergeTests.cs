using MonitorHub.Core.Timeline;

namespace MonitorHub.Core.Tests.Timeline;

public sealed class TimelineMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static TimelineEvent E(int secondsAfter, string kind, long id) =>
        new(T0.AddSeconds(secondsAfter), kind, id, $"{kind}-{id}", "a", "s", "/x");

    private static IReadOnlyList<TimelineEvent> Sorted(params TimelineEvent[] events) => [.. events.Order(TimelineOrder.Instance)];

    [Fact]
    public void OrderedStreams_MergeIntoOne_NewestFirst()
    {
        var alarms = Sorted(E(10, "alarm", 1), E(30, "alarm", 2), E(50, "alarm", 3));
        var rules = Sorted(E(20, "rule", 1), E(40, "rule", 2));

        var page = TimelineMerge.Page([alarms, rules], limit: 10);

        Assert.Equal([50, 40, 30, 20, 10], page.Events.Select(e => (int)(e.Time - T0).TotalSeconds));
        Assert.Null(page.Next);
    }

    [Fact]
    public void Ties_AtOneMillisecond_OrderByKindThenId_Descending()
    {
        var alarms = Sorted(E(5, "alarm", 7), E(5, "alarm", 9));
        var silences = Sorted(E(5, "silence", 1));
        var deployments = Sorted(E(5, "deployment", 4));

        var page = TimelineMerge.Page([alarms, silences, deployments], limit: 10);

        Assert.Equal(["silence-1", "deployment-4", "alarm-9", "alarm-7"], page.Events.Select(e => e.Subject));
    }

    [Fact]
    public void FullPage_EndsWithACursorAtItsLastEvent()
    {
        var alarms = Sorted(E(1, "alarm", 1), E(2, "alarm", 2), E(3, "alarm", 3));

        var page = TimelineMerge.Page([alarms], limit: 2);

        Assert.Equal(2, page.Events.Count);
        Assert.Equal(new TimelineCursor(T0.AddSeconds(2).ToUnixTimeMilliseconds(), "alarm", 2), page.Next);
    }

    [Fact]
    public void ExactlyLimitEvents_IsTheLastPage()
    {
        var page = TimelineMerge.Page([Sorted(E(1, "alarm", 1), E(2, "alarm", 2))], limit: 2);

        Assert.Equal(2, page.Events.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public void EmptyStreams_GiveAnEmptyLastPage()
    {
        var page = TimelineMerge.Page([[], []], limit: 5);

        Assert.Empty(page.Events);
        Assert.Null(page.Next);
    }

    [Fact]
    public void PagingWithCursorBounds_VisitsEveryEventOnce_InOrder_AcrossTies()
    {
        // Three kinds with several events at the same milliseconds: the cursor's per-kind bound must
        // neither repeat nor skip one of them between pages.
        var all = new List<TimelineEvent>();
        long id = 0;
        foreach (var kind in new[] { "alarm", "rule", "silence" })
        {
            for (var s = 0; s < 4; s++)
            {
                for (var k = 0; k < 3; k++) all.Add(E(s, kind, ++id));
            }
        }

        var expected = all.Order(TimelineOrder.Instance).ToList();
        var seen = new List<TimelineEvent>();
        TimelineCursor? cursor = null;
        const int Limit = 5;
        var toMs = T0.AddHours(1).ToUnixTimeMilliseconds();
        do
        {
            var streams = all.GroupBy(e => e.Kind).Select(g =>
            {
                var bound = cursor is null ? SourceBound.Before(toMs) : cursor.BoundFor(g.Key).Within(toMs);
                return (IReadOnlyList<TimelineEvent>)[.. g.Where(e => bound.Admits(e.Time.ToUnixTimeMilliseconds(), e.Id)).Order(TimelineOrder.Instance).Take(Limit + 1)];
            }).ToList();
            var page = TimelineMerge.Page(streams, Limit);
            seen.AddRange(page.Events);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Cursor_RoundTripsThroughItsOpaqueText()
    {
        var cursor = new TimelineCursor(1_764_590_400_123, "deployment", 42);

        var text = cursor.Encode();

        Assert.DoesNotContain("deployment", text, StringComparison.Ordinal);
        Assert.Equal(cursor, TimelineCursor.TryDecode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("MTIzfG5vcGV8NQ")] // "123|nope|5": an unknown kind
    [InlineData("MTIzfGFsYXJt")] // "123|alarm": no id
    public void Cursor_ThatDoesNotDecode_IsNull(string text) => Assert.Null(TimelineCursor.TryDecode(text));

    [Fact]
    public void Bound_OfALaterKind_ExcludesTheCursorsMillisecond_AndOfAnEarlierKind_IncludesIt()
    {
        var cursor = new TimelineCursor(1000, "deployment", 5);

        Assert.False(cursor.BoundFor("silence").Admits(1000, 1));
        Assert.True(cursor.BoundFor("alarm").Admits(1000, 99));
        Assert.True(cursor.BoundFor("deployment").Admits(1000, 4));
        Assert.False(cursor.BoundFor("deployment").Admits(1000, 5));
        Assert.True(cursor.BoundFor("silence").Admits(999, 1));
    }

    [Fact]
    public void Validate_NamesEachBadField()
    {
        var issues = TimelineQuery.Validate(new TimelineQuery(T0, T0.AddHours(-1), Model: "bad name!", Kinds: new HashSet<string> { "alarm", "bogus" }, Limit: 0));

        Assert.Equal(["from", "limit", "kind", "model"], issues.Select(i => i.Field));
    }

    [Fact]
    public void Validate_RejectsARangeLongerThanAYear() =>
        Assert.Equal("from", Assert.Single(TimelineQuery.Validate(new TimelineQuery(T0.AddDays(-400), T0))).Field);
}
